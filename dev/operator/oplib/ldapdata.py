"""The test directory as LDIF: demo accounts, ~60 practitioners and some organisations.

Attribute use (inetOrgPerson): mail, cn/displayName, sn, givenName, title = profession,
description = specialty or service, employeeNumber = RPPS, businessCategory = Medimail
account type (personnel, interne, medimail, organisationnel), o = structure, l = city,
postalCode, st = département, street, telephoneNumber.
"""
import base64

from . import accounts

BASE_DN = "dc=medimail,dc=test"
BIND_DN = "cn=admin," + BASE_DN
PEOPLE = "ou=professionnels," + BASE_DN
ORGS = "ou=organisations," + BASE_DN


def _line(attr, value):
    """One LDIF attribute line; non-ASCII (accents) and risky values are base64 (RFC 2849)."""
    value = str(value)
    safe = all(32 <= ord(c) < 127 for c in value) and not value.startswith((" ", ":", "<"))
    if safe and not value.endswith(" "):
        return "%s: %s\n" % (attr, value)
    return "%s:: %s\n" % (attr, base64.b64encode(value.encode("utf-8")).decode())


def _entry(dn, attrs):
    out = [_line("dn", dn)]
    for attr, values in attrs:
        if values is None:
            continue
        for v in values if isinstance(values, list) else [values]:
            if v not in (None, ""):
                out.append(_line(attr, v))
    return "".join(out) + "\n"


def _person(e: accounts.DirectoryEntry, base):
    dn = "mail=%s,%s" % (e.email, base)
    cn = e.display_name
    return _entry(dn, [
        ("objectClass", ["top", "person", "organizationalPerson", "inetOrgPerson"]),
        ("mail", e.email), ("cn", cn), ("displayName", cn), ("sn", e.family_name),
        ("givenName", e.given_name), ("title", e.profession), ("description", e.specialty),
        ("employeeNumber", e.rpps), ("businessCategory", e.kind), ("o", e.organisation),
        ("l", e.city), ("postalCode", e.postal_code), ("st", accounts.department(e.postal_code)),
        ("street", e.street), ("telephoneNumber", e.phone),
    ])


def ldif():
    parts = [
        _entry(BASE_DN, [("objectClass", ["top", "dcObject", "organization"]),
                         ("dc", "medimail"), ("o", "Medimail - opérateur MSSanté de test")]),
        _entry(PEOPLE, [("objectClass", ["top", "organizationalUnit"]),
                        ("ou", "professionnels"),
                        ("description", "Comptes individuels (personnel, interne, medimail)")]),
        _entry(ORGS, [("objectClass", ["top", "organizationalUnit"]), ("ou", "organisations"),
                      ("description", "Boîtes organisationnelles")]),
    ]
    for acc in accounts.demo_accounts():
        if acc.kind == "patient":
            continue  # patients are not in the health directory
        base = ORGS if acc.kind == "organisationnel" else PEOPLE
        parts.append(_person(accounts.directory_for_account(acc), base))
    for e in accounts.directory_practitioners():
        parts.append(_person(e, PEOPLE))
    for e in accounts.directory_organisations():
        parts.append(_person(e, ORGS))
    return "".join(parts)
