"""The test directory as LDIF: demo accounts, ~60 practitioners, some organisations, the
operator's own Medimail-only accounts and a few entries their owner hid.

Attribute use (inetOrgPerson): mail, cn/displayName, sn, givenName, title = profession,
description = specialty (people) or service/description (organisational mailboxes),
employeeNumber = RPPS, o = structure (raison sociale), l = city, postalCode,
st = département, street, telephoneNumber, userPassword (the mailbox's password: a user
binds as themselves to edit their entry). From templates/medimail.schema (auxiliary class
medimailMailbox): medimailAccountType (personnel, interne, medimail, organisationnel),
medimailVisible ("Adresse Medimail visible dans l'annuaire"), mssanteVisible (RPPS
accounts), medimailDematerialisation, medimailRegion, and for organisational mailboxes
medimailFiness, medimailResponsible and `member` (the DNs of the people who may use it).
"""
import base64
import hashlib
import os

from . import accounts, config

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


_REGIONS = {"31": "Occitanie", "81": "Occitanie", "82": "Occitanie", "34": "Occitanie",
            "30": "Occitanie", "66": "Occitanie", "65": "Occitanie", "64": "Nouvelle-Aquitaine",
            "33": "Nouvelle-Aquitaine", "69": "Auvergne-Rhône-Alpes", "63": "Auvergne-Rhône-Alpes",
            "13": "Provence-Alpes-Côte d'Azur", "06": "Provence-Alpes-Côte d'Azur",
            "67": "Grand Est", "51": "Grand Est", "44": "Pays de la Loire", "35": "Bretagne",
            "59": "Hauts-de-France", "21": "Bourgogne-Franche-Comté"}


def ssha(password):
    """slapd's built-in {SSHA} (salted SHA-1) userPassword."""
    salt = os.urandom(8)
    return "{SSHA}" + base64.b64encode(hashlib.sha1(password.encode() + salt).digest() + salt).decode()


def dn_of(email, kind):
    return "mail=%s,%s" % (email, ORGS if kind == "organisationnel" else PEOPLE)


def _finess(n, postal_code):
    body = "%s0%05d" % (postal_code[:2], 78000 + n)
    return body + accounts.luhn_digit(body)


def _bool(value):
    return "TRUE" if value else "FALSE"


def _person(e: accounts.DirectoryEntry, password, extra=()):
    cn = e.display_name
    return _entry(dn_of(e.email, e.kind), [
        ("objectClass", ["top", "person", "organizationalPerson", "inetOrgPerson", "medimailMailbox"]),
        ("mail", e.email), ("cn", cn), ("displayName", cn), ("sn", e.family_name),
        ("givenName", e.given_name), ("title", e.profession), ("description", e.specialty),
        ("employeeNumber", e.rpps), ("medimailAccountType", e.kind), ("o", e.organisation),
        ("l", e.city), ("postalCode", e.postal_code), ("st", accounts.department(e.postal_code)),
        ("medimailRegion", _REGIONS.get(e.postal_code[:2])),
        ("street", e.street), ("telephoneNumber", e.phone), ("userPassword", ssha(password)),
        ("medimailVisible", _bool(e.visible)),
        # Only accounts with an RPPS are published in the national directory.
        ("mssanteVisible", _bool(e.visible) if e.rpps else None),
        ("medimailDematerialisation", _bool(e.dematerialisation)),
    ] + list(extra))


def _org_extra(n, e, members):
    """What only the operator sets on an organisational mailbox."""
    extra = [] if e.specialty else [("description", "Secrétariat du cabinet : rendez-vous, courriers et résultats")]
    return extra + [("medimailFiness", _finess(n, e.postal_code)),
            ("medimailResponsible", "Dr Jean Dupont" if e.email.startswith("secretariat.cabinet-dupont")
             else "Direction - %s" % e.organisation),
            ("member", members)]


def organisation_members():
    """{org mailbox email: [member emails]}: the demo org box's members (the same as its
    IMAP sharing), and for the directory's organisations the practitioners of the same
    structure, plus Medimail-only accounts there."""
    out = dict(config.orgbox_members())
    people = accounts.directory_practitioners() + accounts.directory_operator_only()
    for o in accounts.directory_organisations():
        out[o.email] = [p.email for p in people
                        if p.organisation == o.organisation or
                        (o.organisation.startswith(p.organisation) and len(p.organisation) > 12) or
                        (p.organisation.startswith(o.organisation) and p.city == o.city)]
    return out


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
    members = organisation_members()
    kinds = {a.email: a.kind for a in accounts.demo_accounts()}
    kinds.update({e.email: e.kind for e in accounts.directory_everyone()})

    def member_dns(org_email):
        return [dn_of(m, kinds[m]) for m in members.get(org_email, [])]

    # People first: an organisation's `member` values name entries that exist.
    for acc in accounts.demo_accounts():
        if acc.kind in ("patient", "organisationnel"):
            continue  # patients are not in the health directory
        parts.append(_person(accounts.directory_for_account(acc), acc.password))
    for e in (accounts.directory_practitioners() + accounts.directory_operator_only()
              + accounts.directory_hidden_practitioners()):
        parts.append(_person(e, config.DIRECTORY_PASSWORD))
    n = 0
    for acc in accounts.demo_accounts():
        if acc.kind == "organisationnel":
            e = accounts.directory_for_account(acc)
            parts.append(_person(e, acc.password, _org_extra(n, e, member_dns(e.email))))
            n += 1
    for e in accounts.directory_organisations():
        parts.append(_person(e, config.DIRECTORY_PASSWORD, _org_extra(n, e, member_dns(e.email))))
        n += 1
    return "".join(parts)
