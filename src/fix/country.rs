//! Countries a national phone number can be read in (`--default-country`):
//! each with its calling code, its trunk prefix (dialled before a national
//! number at home, dropped from abroad) and the lengths its national
//! significant numbers have. A number is given a country only when its
//! digits fit these exactly; anything else is left to the rejects.
//!
//! The lengths are the possible lengths of fixed and mobile numbers in
//! each country's ITU-T E.164 national numbering plan, as libphonenumber's
//! metadata lists them (checked against it on 2026-11-26).

/// A country's numbering, for national numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, upper case.
    pub code: &'static str,
    /// The calling code, digits only.
    pub calling_code: &'static str,
    /// The trunk prefix, if the country has one.
    pub trunk: Option<&'static str>,
    /// Fewest digits in a national significant number.
    pub min_digits: usize,
    /// Most digits in a national significant number.
    pub max_digits: usize,
}

const fn country(
    code: &'static str,
    calling_code: &'static str,
    trunk: Option<&'static str>,
    min_digits: usize,
    max_digits: usize,
) -> Country {
    Country {
        code,
        calling_code,
        trunk,
        min_digits,
        max_digits,
    }
}

/// The countries `--default-country` takes.
pub const COUNTRIES: &[Country] = &[
    country("AE", "971", Some("0"), 8, 9),
    country("AR", "54", Some("0"), 10, 10),
    country("AT", "43", Some("0"), 4, 13),
    country("AU", "61", Some("0"), 9, 9),
    country("BE", "32", Some("0"), 8, 9),
    country("BR", "55", Some("0"), 10, 11),
    country("CA", "1", Some("1"), 10, 10),
    country("CH", "41", Some("0"), 9, 9),
    country("CL", "56", None, 9, 9),
    country("CN", "86", Some("0"), 10, 11),
    country("CO", "57", None, 10, 10),
    country("CZ", "420", None, 9, 9),
    country("DE", "49", Some("0"), 6, 13),
    country("DK", "45", None, 8, 8),
    country("EG", "20", Some("0"), 9, 10),
    country("ES", "34", None, 9, 9),
    country("FI", "358", Some("0"), 5, 12),
    country("FR", "33", Some("0"), 9, 9),
    country("GB", "44", Some("0"), 9, 10),
    country("GR", "30", None, 10, 10),
    country("HK", "852", None, 8, 8),
    country("IE", "353", Some("0"), 7, 9),
    country("IL", "972", Some("0"), 8, 9),
    country("IN", "91", Some("0"), 10, 10),
    country("IT", "39", None, 6, 11),
    country("JP", "81", Some("0"), 9, 10),
    country("KE", "254", Some("0"), 9, 9),
    country("KR", "82", Some("0"), 8, 10),
    country("MX", "52", None, 10, 10),
    country("MY", "60", Some("0"), 8, 10),
    country("NG", "234", Some("0"), 8, 10),
    country("NL", "31", Some("0"), 9, 9),
    country("NO", "47", None, 8, 8),
    country("NZ", "64", Some("0"), 8, 10),
    country("PH", "63", Some("0"), 8, 10),
    country("PL", "48", None, 9, 9),
    country("PT", "351", None, 9, 9),
    country("SA", "966", Some("0"), 9, 9),
    country("SE", "46", Some("0"), 7, 9),
    country("SG", "65", None, 8, 8),
    country("TR", "90", Some("0"), 10, 10),
    country("UA", "380", Some("0"), 9, 9),
    country("US", "1", Some("1"), 10, 10),
    country("ZA", "27", Some("0"), 9, 9),
];

impl Country {
    /// The country of an ISO code, in any letter case.
    pub fn find(code: &str) -> Option<Country> {
        COUNTRIES
            .iter()
            .find(|country| country.code.eq_ignore_ascii_case(code.trim()))
            .copied()
    }

    /// The codes taken, for messages.
    pub fn codes() -> String {
        COUNTRIES
            .iter()
            .map(|country| country.code)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// `digits` (a number written without `+`) in E.164 form, when it is
    /// certainly a number of this country: its calling code and then a
    /// national significant number of a length the country has, or a
    /// national number (after its trunk prefix, where the country dials
    /// one). A number that reads both ways, differently, is not certain.
    pub fn international(&self, digits: &str) -> Option<String> {
        let fits = |national: &&str| (self.min_digits..=self.max_digits).contains(&national.len());
        let with_code = digits.strip_prefix(self.calling_code).filter(fits);
        let national = match self.trunk {
            // NANP's trunk is its calling code: a national number is the
            // ten digits alone.
            Some(trunk) if trunk != self.calling_code => digits.strip_prefix(trunk),
            _ => Some(digits),
        }
        .filter(fits);
        match (with_code, national) {
            (Some(a), Some(b)) if a != b => None,
            (Some(national), _) | (None, Some(national)) => {
                Some(format!("+{}{national}", self.calling_code))
            }
            (None, None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_numbers_take_their_country() {
        let us = Country::find("us").unwrap();
        assert_eq!(
            us.international("2065550100").as_deref(),
            Some("+12065550100")
        );
        assert_eq!(
            us.international("12065550100").as_deref(),
            Some("+12065550100")
        );
        assert_eq!(us.international("206555010"), None);
        let gb = Country::find("GB").unwrap();
        assert_eq!(
            gb.international("07700900404").as_deref(),
            Some("+447700900404")
        );
        assert_eq!(
            gb.international("447700900404").as_deref(),
            Some("+447700900404")
        );
        // Without its trunk 0 a British number is not certain.
        assert_eq!(gb.international("7700900404"), None);
        let es = Country::find("ES").unwrap();
        assert_eq!(
            es.international("612345678").as_deref(),
            Some("+34612345678")
        );
        assert_eq!(Country::find("XX"), None);
        // Italy dials no trunk prefix and has numbers of 6 to 11 digits:
        // 39 and nine digits could be either.
        let it = Country::find("IT").unwrap();
        assert_eq!(it.international("39061234567"), None);
        assert_eq!(
            it.international("0612345678").as_deref(),
            Some("+390612345678")
        );
    }
}
