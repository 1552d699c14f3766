// The examples of "Try an example", built into the page: their bytes come
// with the page's modules, so that a click makes no request. Each is a
// fixture of tests/fixtures/examples/ (aws-template.csv is AWS's template
// example), byte for byte: tests/node/page-modules.test.mjs checks it.

/** The examples by their button's data-example: the file's name and text. */
export const EXAMPLES = {
  'aws-template': {
    name: 'aws-template-example.csv',
    text: `cognito:username,name,given_name,family_name,middle_name,nickname,preferred_username,profile,picture,website,email,email_verified,gender,birthdate,zoneinfo,locale,phone_number,phone_number_verified,address,updated_at,cognito:mfa_enabled
John,,John,Doe,,,,,,,johndoe@example.com,TRUE,,02/01/1985,,,+12345550100,TRUE,123 Any Street,,FALSE
Jane,,Jane,Roe,,,,,,,janeroe@example.com,TRUE,,01/01/1985,,,+12345550199,TRUE,100 Main Street,,FALSE
`,
  },
  messy: {
    name: 'messy-example.csv',
    text: `cognito:username,name,given_name,family_name,middle_name,nickname,preferred_username,profile,picture,website,email,email_verified,gender,birthdate,zoneinfo,locale,phone_number,phone_number_verified,address,updated_at,cognito:mfa_enabled
alice,Alice Martin,Alice,Martin,,,,,,,alice.martin@example.com,TRUE,,03/14/1988,,,+14155550101,TRUE,1 Market Street,,FALSE
bob,Bob Chen,Bob,Chen,NULL,,,,,,bob.chen@example,TRUE,,,,,+14155550102,FALSE,,,FALSE
carol,Carol Diaz,Carol,Diaz,,,,,,,carol.diaz@example.com,TRUE,,1990-07-14,,,+1 (415) 555-0103,TRUE,,,FALSE
dan,Dan Evans,Dan,Evans,,,,,,,dan.evans@example.com,yes,,,,,,,,,FALSE
Alice,Alice Martin,Alice,Martin,,,,,,,alice.m@example.com,TRUE,,,,,,,,,FALSE
erin,Erin Ford,Erin,Ford,,,,,,,erin.ford@example.com,TRUE,,,,,+14155550106,TRUE,,1700000000000,
frank lee,Frank Lee,Frank,Lee,,,,,,,frank.lee@example.com,TRUE,,,,,,,,,FALSE
grace,"Hall, Grace",Grace,Hall,,,,,,,grace.hall@example.com,TRUE,,,,,,,,,FALSE
heidi,Heidi Iver,Heidi,Iver,,,,,,,heidi.iver@example.com,FALSE,,,,,,FALSE,,,FALSE
ivan,Ivan Jones,Ivan,Jones,,,,,,, ivan.jones@example.com,TRUE,,,,,+14155550110,TRUE,,,FALSE
judy,Judy King,Judy,King,,,,,,,judy.king@example.com,TRUE,,12/01/1979,,,+14155550111,TRUE,22 Pine Street,,FALSE
ken,Ken Lopez,Ken,Lopez,,,,,,,ken.lopez@example.com,TRUE,,,,,,,,,FALSE
laura,Laura Moss,Laura,Moss,,,,,,,laura.moss@example.com,TRUE,,,,,+14155550113,TRUE,,,FALSE
mia,Mia Nash,Mia,Nash,,,,,,,mia.nash@example.com,TRUE,,,,,,,,,FALSE
noah,Noah Owens,Noah,Owens,,,,,,,noah.owens@example.com,TRUE,,05/30/1992,,,+14155550115,TRUE,,,FALSE
olivia,Olivia Park,Olivia,Park,,,,,,,olivia.park@example.com,TRUE,,,,,,,,,FALSE
peter,Peter Quinn,Peter,Quinn,,,,,,,peter.quinn@example.com,TRUE,,,,,+14155550117,TRUE,,,FALSE
`,
  },
};
