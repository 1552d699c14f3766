#!/usr/bin/env python3
"""A Cognito user import CSV checker as a Python user would write one.

The benchmark's baseline (`npm run bench:compare`): the standard library's
`csv` module, and the core of the rules in ../../../shared/spec (the
dialect, the header, usernames, the verified flags, email, phone number,
birthdate, booleans, MFA), with this project's rule codes so that the
findings can be compared (tests/node/baselines.test.mjs does, on the
fixtures of those rules).

    python3 validate.py [--config POOL.json] [--format csv|json] FILE.csv

The pool is the default one (the AWS template's 21 columns, MFA optional,
email and phone number auto-verified, case-insensitive usernames) unless a
config file gives other values for the keys of DEFAULT_POOL. The findings go
to standard output, one CSV row each (`line,column,code,severity,message`),
or as one JSON array with `--format json`.
"""

import argparse
import csv
import json
import re
import sys
import unicodedata
from datetime import date

DEFAULT_POOL = {
    "header": [
        "cognito:username", "name", "given_name", "family_name", "middle_name",
        "nickname", "preferred_username", "profile", "picture", "website", "email",
        "email_verified", "gender", "birthdate", "zoneinfo", "locale", "phone_number",
        "phone_number_verified", "address", "updated_at", "cognito:mfa_enabled",
    ],
    # Columns allowed but not required: developer-only attributes are added here.
    "optionalColumns": ["password_hash"],
    # Boolean attributes beyond these three (custom ones) are added here.
    "booleans": ["email_verified", "phone_number_verified", "cognito:mfa_enabled"],
    "mfa": "OPTIONAL",
    "autoVerified": ["email", "phone_number"],
    "caseSensitive": False,
}

# One @, a local part of at most 64 characters without white space, and a
# domain of two or more dot-separated labels of at most 63 letters (with
# their marks), digits and hyphens, of any script.
EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]+")
DOMAIN_CATEGORIES = ("L", "M", "Nd")
PHONE = re.compile(r"\+[0-9]{1,15}")
BIRTHDATE = re.compile(r"([0-9]{2})/([0-9]{2})/([0-9]{4})")
USERNAME_CATEGORIES = set("LMSNP")  # [\p{L}\p{M}\p{S}\p{N}\p{P}]


def valid_email(value):
    if len(value) > 254 or EMAIL.fullmatch(value) is None:
        return False
    labels = value.split("@")[1].split(".")
    return len(labels) >= 2 and all(
        0 < len(label) <= 63
        and all(c == "-" or unicodedata.category(c).startswith(DOMAIN_CATEGORIES) for c in label)
        for label in labels
    )


def valid_birthdate(value):
    match = BIRTHDATE.fullmatch(value)
    if not match:
        return False
    month, day, year = map(int, match.groups())
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def valid_username_characters(value):
    return all(unicodedata.category(c)[0] in USERNAME_CATEGORIES for c in value)


def parse_bool(value):
    """True or False for `true` / `false` in any case, None for anything else."""
    return {"true": True, "false": False}.get(value.lower())


# What other tools write for true: a *_verified value so is invalid, but not
# also "not verified".
MEANT_TRUE = {"1", "yes", "y", "t", "vrai", "wahr"}


def unescape(fields):
    """Joins the fields csv cut at a `\\,` escape, which Cognito reads as a comma."""
    joined = [fields[0]]
    for field in fields[1:]:
        if joined[-1].endswith("\\"):
            joined[-1] = joined[-1][:-1] + "," + field
        else:
            joined.append(field)
    return joined


class Checker:
    """Checks a file's lines in order; hands each finding to `emit` as found."""

    def __init__(self, pool, emit):
        self.pool = pool
        self.emit = emit
        self.header = None
        self.first = {}  # column name -> the index of its first column
        self.seen_usernames = {}
        self.users = 0
        self.errors = 0  # findings of severity error, to tell a failed line

    def add(self, line, column, code, message, severity="error"):
        self.errors += severity == "error"
        self.emit((line, column, code, severity, message))

    def check_header(self, line, fields):
        names = [field.strip() for field in fields]
        for position, name in enumerate(names, 1):
            if not name:
                self.add(line, None, "header.empty_column", f"header column {position} has no name")
            elif name in names[: position - 1]:
                self.add(line, name, "header.duplicate_column", f"header column {position} {name!r} repeats an earlier one")
            elif name not in self.pool["header"] and name not in self.pool["optionalColumns"]:
                self.add(line, name, "header.unknown_column", f"header column {position} {name!r} is not in the pool")
        for name in self.pool["header"]:
            if name not in names:
                self.add(line, name, "header.missing_column", f"the header has no column {name!r}")
        self.header = names
        # The first column of each name is the one checks across columns read.
        self.first = {name: names.index(name) for name in names}

    def check_user(self, line, fields):
        self.users += 1
        if len(fields) != len(self.header):
            self.add(line, None, "row.field_count",
                     f"line {line} has {len(fields)} fields but the header has {len(self.header)}")
            return
        errors_before = self.errors
        values = [field.strip() for field in fields]
        booleans = self.pool["booleans"]
        for name, value in zip(self.header, values):
            if name == "cognito:username":
                self.check_username(line, value)
            elif not value:
                continue
            elif name == "email" and not valid_email(value):
                self.add(line, name, "email.invalid", f"email {value!r} is not a valid address")
            elif name == "phone_number" and not PHONE.fullmatch(value):
                self.add(line, name, "phone_number.invalid", f"phone_number {value!r} is not + and 1 to 15 digits")
            elif name == "birthdate" and not valid_birthdate(value):
                self.add(line, name, "birthdate.invalid", f"birthdate {value!r} is not a real mm/dd/yyyy date")
            elif name in booleans and parse_bool(value) is None:
                self.add(line, name, "boolean.invalid", f"{name} is {value!r}: write true or false")

        def first(name):
            index = self.first.get(name)
            return "" if index is None else values[index]

        email, phone = first("email"), first("phone_number")
        email_verified = parse_bool(first("email_verified")) or first("email_verified").lower() in MEANT_TRUE
        phone_verified = parse_bool(first("phone_number_verified")) or first("phone_number_verified").lower() in MEANT_TRUE
        if email_verified and not email:
            self.add(line, "email", "email.required", "email_verified is true but email is empty")
        if phone_verified and not phone:
            self.add(line, "phone_number", "phone_number.required", "phone_number_verified is true but phone_number is empty")
        auto = self.pool["autoVerified"]
        if "email" in auto and "phone_number" in auto:
            if not email_verified and not phone_verified:
                self.add(line, None, "verified.none",
                         "The User Record does not set any of the auto verified attributes to true. "
                         "(Example: email_verified to true).")
        elif auto:
            attribute = auto[0]
            verified = email_verified if attribute == "email" else phone_verified
            if not verified:
                self.add(line, f"{attribute}_verified", "verified.required",
                         f"{attribute}_verified must be true: the pool auto-verifies {attribute}")
        mfa = parse_bool(first("cognito:mfa_enabled"))
        if (mfa is True and self.pool["mfa"] == "OFF") or (mfa is False and self.pool["mfa"] == "ON"):
            self.add(line, "cognito:mfa_enabled", "mfa.conflict",
                     f"cognito:mfa_enabled contradicts the pool's MFA ({self.pool['mfa']})")
        if mfa and not email and not phone:
            self.add(line, "cognito:mfa_enabled", "mfa.no_factor",
                     "cognito:mfa_enabled is true but the user has neither phone_number nor email", "warning")

        username = first("cognito:username")
        if username:
            key = username if self.pool["caseSensitive"] else username.lower()
            if key in self.seen_usernames:
                self.add(line, "cognito:username", "username.duplicate",
                         f"cognito:username {username!r} repeats line {self.seen_usernames[key]}: Cognito skips it")
            elif self.errors == errors_before:  # a user that would be imported
                self.seen_usernames[key] = line

    def check_username(self, line, value):
        if not value:
            self.add(line, "cognito:username", "username.missing", "cognito:username is empty")
            return
        if not valid_username_characters(value):
            self.add(line, "cognito:username", "username.invalid_character",
                     f"cognito:username {value!r} has a character usernames may not contain")
        if len(value) > 128:
            self.add(line, "cognito:username", "username.too_long", f"cognito:username {value!r} is longer than 128 characters")

    def check_file(self, path):
        # newline="": csv does its own line splitting (\n, \r\n and \r).
        # QUOTE_NONE: Cognito has no quoting; a " is part of the value.
        with open(path, newline="", encoding="utf-8", errors="replace") as file:
            reader = csv.reader(file, quoting=csv.QUOTE_NONE)
            # Blank lines in a row are one finding, at the first.
            after_blank = None
            for fields in reader:
                line = reader.line_num
                if len(fields) <= 1 and not "".join(fields).strip():
                    if after_blank != line - 1:
                        self.add(line, None, "line.blank", f"line {line} is blank", "warning")
                    after_blank = line
                    continue
                # Most lines have no backslash: one scan finds out.
                if "\\" in "".join(fields):
                    fields = unescape(fields)
                if self.header is None:
                    self.check_header(line, fields)
                else:
                    self.check_user(line, fields)


def main():
    parser = argparse.ArgumentParser(description="Checks a Cognito user import CSV file (benchmark baseline).")
    parser.add_argument("file")
    parser.add_argument("--config", help="a JSON file with pool settings (keys of DEFAULT_POOL)")
    parser.add_argument("--format", choices=["csv", "json"], default="csv")
    arguments = parser.parse_args()
    pool = dict(DEFAULT_POOL)
    if arguments.config:
        with open(arguments.config, encoding="utf-8") as config:
            pool.update(json.load(config))
    if arguments.format == "json":
        findings = []
        checker = Checker(pool, findings.append)
        checker.check_file(arguments.file)
        keys = ("line", "column", "code", "severity", "message")
        json.dump({"users": checker.users, "findings": [dict(zip(keys, finding)) for finding in findings]},
                  sys.stdout, ensure_ascii=False)
        print()
    else:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(("line", "column", "code", "severity", "message"))
        checker = Checker(pool, writer.writerow)
        checker.check_file(arguments.file)
    sys.exit(1 if checker.errors else 0)


if __name__ == "__main__":
    main()
