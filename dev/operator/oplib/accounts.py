"""Who lives on the test operator: the demo accounts and the directory (LDAP) population.

Everything here is fictitious. Practitioner identifiers use the test RPPS range (8997…),
addresses use `.test` domains, except the patient address which must have the real
`patient.mssante.fr` shape for the client's patient rules to apply.
"""
from dataclasses import dataclass, field
from typing import Optional

DOMAIN = "medimail.test"
PATIENT_DOMAIN = "patient.mssante.fr"
PATIENT_INS = "279035121518989"


def luhn_digit(digits: str) -> str:
    """Check digit of the Luhn algorithm (RPPS numbers end with one)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:  # doubled positions, counted from the right of the payload
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def test_rpps(n: int) -> str:
    """An 11-digit RPPS in the test range: 8997 + 6 digits + Luhn key."""
    body = "8997%06d" % n
    return body + luhn_digit(body)


@dataclass
class Account:
    key: str
    local: str
    domain: str
    password: str
    kind: str  # personnel | interne | medimail | organisationnel | patient
    display_name: str
    given_name: Optional[str]
    family_name: str
    profession: Optional[str]
    specialty: Optional[str] = None
    rpps: Optional[str] = None
    city: str = "Toulouse"
    postal_code: str = "31000"
    organisation: str = "Cabinet médical du Dr Dupont"
    street: str = "12 rue des Lois"
    phone: str = "05 61 00 12 34"
    shared_with: list = field(default_factory=list)
    ins: Optional[str] = None
    client_cert: bool = False

    @property
    def email(self) -> str:
        return "%s@%s" % (self.local, self.domain)

    @property
    def cert_cn(self) -> Optional[str]:
        """CPS authentication certificate CN: '8' (RPPS identifier type) + RPPS."""
        return "8" + self.rpps if self.rpps else None


PHYSICIAN_RPPS = test_rpps(1001)
INTERN_RPPS = test_rpps(1002)


def demo_accounts():
    """The five accounts the app's tests and demos log in with."""
    return [
        Account("physician", "jean.dupont", DOMAIN, "Dupont!Medimail2025", "personnel",
                "Dr Jean Dupont", "Jean", "DUPONT", "Médecin", "Médecine générale",
                rpps=PHYSICIAN_RPPS, client_cert=True),
        Account("intern", "camille.roussel", DOMAIN, "Roussel!Medimail2025", "interne",
                "Camille Roussel", "Camille", "ROUSSEL", "Médecin",
                "Interne en médecine générale", rpps=INTERN_RPPS, client_cert=True,
                organisation="CHU de Toulouse - Hôpital Purpan",
                street="Place du Docteur Baylac", postal_code="31059", phone="05 61 77 22 33"),
        Account("secretary", "nathalie.girard", DOMAIN, "Girard!Medimail2025", "medimail",
                "Nathalie Girard", "Nathalie", "GIRARD", "Secrétaire médicale"),
        Account("orgbox", "secretariat.cabinet-dupont", DOMAIN, "Secretariat!Medimail2025",
                "organisationnel", "Secrétariat du cabinet Dupont", None,
                "SECRETARIAT CABINET DUPONT", None, shared_with=["physician", "secretary"]),
        Account("patient", PATIENT_INS, PATIENT_DOMAIN, "Patient!Medimail2025", "patient",
                "Claire Moreau", "Claire", "MOREAU", None, ins=PATIENT_INS,
                city="Reims", postal_code="51100", organisation="", street="8 rue de Vesle",
                phone=""),
    ]


# --- Directory population -------------------------------------------------------------
# (given, FAMILY, profession, specialty, city, postal code, organisation, mail domain)
# Domains imitate the MSSanté operators' shapes (medecin.mssante.fr, hospital domains…)
# under .test; every one of them is delivered locally so a demo send never leaves.
_PRACTITIONERS = [
    ("Sophie", "MARTIN", "Médecin", "Cardiologie", "Toulouse", "31059", "CHU de Toulouse - Rangueil", "chu-toulouse.mssante.test"),
    ("Pierre", "BERNARD", "Médecin", "Endocrinologie-diabétologie", "Toulouse", "31059", "CHU de Toulouse - Rangueil", "chu-toulouse.mssante.test"),
    ("Isabelle", "THOMAS", "Médecin", "Pneumologie", "Toulouse", "31059", "CHU de Toulouse - Larrey", "chu-toulouse.mssante.test"),
    ("Laurent", "PETIT", "Médecin", "Radiodiagnostic et imagerie médicale", "Toulouse", "31076", "Clinique Pasteur", "clinique-pasteur.mssante.test"),
    ("Nathalie", "ROBERT", "Médecin", "Dermatologie et vénéréologie", "Toulouse", "31000", "Cabinet de dermatologie Saint-Georges", "medecin.mssante.test"),
    ("François", "RICHARD", "Médecin", "Médecine générale", "Toulouse", "31200", "Maison de santé des Minimes", "medecin.mssante.test"),
    ("Valérie", "DURAND", "Médecin", "Pédiatrie", "Toulouse", "31300", "Cabinet de pédiatrie Saint-Cyprien", "medecin.mssante.test"),
    ("Christophe", "LEROY", "Médecin", "Gastro-entérologie et hépatologie", "Toulouse", "31059", "CHU de Toulouse - Purpan", "chu-toulouse.mssante.test"),
    ("Sandrine", "MOREAU", "Médecin", "Gynécologie médicale", "Toulouse", "31400", "Cabinet médical Rangueil", "medecin.mssante.test"),
    ("Olivier", "SIMON", "Médecin", "Rhumatologie", "Toulouse", "31000", "Cabinet de rhumatologie du Capitole", "medecin.mssante.test"),
    ("Catherine", "LAURENT", "Médecin", "Néphrologie", "Toulouse", "31059", "CHU de Toulouse - Rangueil", "chu-toulouse.mssante.test"),
    ("Thierry", "LEFEBVRE", "Médecin", "Ophtalmologie", "Toulouse", "31300", "Centre ophtalmologique Saint-Cyprien", "medecin.mssante.test"),
    ("Hélène", "MICHEL", "Médecin", "Psychiatrie", "Toulouse", "31059", "CHU de Toulouse - Purpan", "chu-toulouse.mssante.test"),
    ("Stéphane", "GARCIA", "Médecin", "Neurologie", "Toulouse", "31059", "CHU de Toulouse - Purpan", "chu-toulouse.mssante.test"),
    ("Martine", "DAVID", "Infirmier", None, "Toulouse", "31000", "Cabinet infirmier des Carmes", "infirmier.mssante.test"),
    ("Julien", "BERTRAND", "Infirmier", None, "Toulouse", "31500", "Cabinet infirmier de la Roseraie", "infirmier.mssante.test"),
    ("Céline", "ROUX", "Masseur-kinésithérapeute", None, "Toulouse", "31400", "Cabinet de kinésithérapie Saint-Agne", "masseur-kinesitherapeute.mssante.test"),
    ("Nicolas", "VINCENT", "Pharmacien", "Pharmacie d'officine", "Toulouse", "31000", "Pharmacie du Capitole", "pharmacien.mssante.test"),
    ("Émilie", "FOURNIER", "Pharmacien", "Biologie médicale", "Toulouse", "31300", "Laboratoire Bio-Occitanie - Site Purpan", "labo-bio-occitanie.mssante.test"),
    ("Anne", "MOREL", "Sage-femme", None, "Toulouse", "31300", "Maternité Paule de Viguier", "chu-toulouse.mssante.test"),
    ("Philippe", "GIRARD", "Chirurgien-dentiste", None, "Toulouse", "31000", "Cabinet dentaire Esquirol", "chirurgien-dentiste.mssante.test"),
    ("Aurélie", "ANDRÉ", "Orthophoniste", None, "Toulouse", "31200", "Cabinet d'orthophonie des Minimes", "orthophoniste.mssante.test"),
    ("Marc", "MERCIER", "Médecin", "Médecine générale", "Albi", "81000", "Maison de santé pluriprofessionnelle d'Albi", "medecin.mssante.test"),
    ("Élodie", "BLANC", "Médecin", "Médecine d'urgence", "Albi", "81000", "Centre hospitalier d'Albi", "ch-albi.mssante.test"),
    ("Patrick", "GUERIN", "Pharmacien", "Pharmacie d'officine", "Albi", "81000", "Pharmacie de la Cathédrale", "pharmacien.mssante.test"),
    ("Chantal", "BOYER", "Infirmier", None, "Montauban", "82000", "Cabinet infirmier du Tarn-et-Garonne", "infirmier.mssante.test"),
    ("David", "GARNIER", "Médecin", "Médecine générale", "Montauban", "82000", "Cabinet médical Villebourbon", "medecin.mssante.test"),
    ("Sylvie", "CHEVALIER", "Médecin", "Cardiologie", "Montpellier", "34295", "CHU de Montpellier - Arnaud de Villeneuve", "chu-montpellier.mssante.test"),
    ("Antoine", "FRANCOIS", "Médecin", "Pneumologie", "Montpellier", "34295", "CHU de Montpellier - Arnaud de Villeneuve", "chu-montpellier.mssante.test"),
    ("Caroline", "LEGRAND", "Médecin", "Endocrinologie-diabétologie", "Montpellier", "34295", "CHU de Montpellier - Lapeyronie", "chu-montpellier.mssante.test"),
    ("Jérôme", "GAUTHIER", "Pharmacien", "Pharmacie d'officine", "Montpellier", "34000", "Pharmacie de la Comédie", "pharmacien.mssante.test"),
    ("Véronique", "PERRIN", "Médecin", "Médecine générale", "Nîmes", "30000", "Cabinet médical de l'Écusson", "medecin.mssante.test"),
    ("Frédéric", "ROBIN", "Médecin", "Chirurgie orthopédique et traumatologie", "Nîmes", "30029", "CHU de Nîmes", "chu-nimes.mssante.test"),
    ("Claire", "CLEMENT", "Masseur-kinésithérapeute", None, "Perpignan", "66000", "Cabinet de kinésithérapie du Castillet", "masseur-kinesitherapeute.mssante.test"),
    ("Sébastien", "MORIN", "Médecin", "Médecine générale", "Perpignan", "66000", "Maison de santé de Perpignan Nord", "medecin.mssante.test"),
    ("Agnès", "NICOLAS", "Médecin", "Gériatrie", "Tarbes", "65000", "Centre hospitalier de Bigorre", "ch-bigorre.mssante.test"),
    ("Vincent", "HENRY", "Médecin", "Médecine générale", "Pau", "64000", "Cabinet médical du Boulevard des Pyrénées", "medecin.mssante.test"),
    ("Monique", "ROUSSEAU", "Infirmier", None, "Pau", "64000", "Cabinet infirmier du Hédas", "infirmier.mssante.test"),
    ("Guillaume", "MATHIEU", "Médecin", "Cardiologie", "Bordeaux", "33076", "CHU de Bordeaux - Haut-Lévêque", "chu-bordeaux.mssante.test"),
    ("Pascale", "GAUTIER", "Médecin", "Oncologie médicale", "Bordeaux", "33076", "Institut Bergonié", "bergonie.mssante.test"),
    ("Alexandre", "MASSON", "Médecin", "Anesthésie-réanimation", "Bordeaux", "33076", "CHU de Bordeaux - Pellegrin", "chu-bordeaux.mssante.test"),
    ("Brigitte", "MARCHAND", "Sage-femme", None, "Bordeaux", "33000", "Cabinet de sages-femmes des Chartrons", "sagefemme.mssante.test"),
    ("Romain", "DUVAL", "Médecin", "Médecine générale", "Lyon", "69003", "Cabinet médical de la Part-Dieu", "medecin.mssante.test"),
    ("Delphine", "DENIS", "Médecin", "Endocrinologie-diabétologie", "Lyon", "69437", "Hospices Civils de Lyon - Édouard Herriot", "chu-lyon.mssante.test"),
    ("Yves", "DUMONT", "Pharmacien", "Biologie médicale", "Lyon", "69007", "Laboratoire Rhône Biologie", "labo-rhone-bio.mssante.test"),
    ("Laetitia", "MARIE", "Médecin", "Pédiatrie", "Lyon", "69500", "Hôpital Femme Mère Enfant", "chu-lyon.mssante.test"),
    ("Bruno", "LEMAIRE", "Médecin", "Néphrologie", "Marseille", "13005", "AP-HM - Hôpital de la Conception", "ap-hm.mssante.test"),
    ("Corinne", "NOEL", "Médecin", "Dermatologie et vénéréologie", "Marseille", "13006", "Cabinet de dermatologie Castellane", "medecin.mssante.test"),
    ("Hervé", "MEYER", "Médecin", "Neurologie", "Strasbourg", "67091", "Hôpitaux universitaires de Strasbourg", "chru-strasbourg.mssante.test"),
    ("Florence", "DUFOUR", "Infirmier", "Infirmier en pratique avancée", "Strasbourg", "67000", "Centre de santé de la Krutenau", "infirmier.mssante.test"),
    ("Emmanuel", "MEUNIER", "Médecin", "Médecine générale", "Nantes", "44000", "Maison de santé de l'Île de Nantes", "medecin.mssante.test"),
    ("Karine", "BRUN", "Médecin", "Psychiatrie", "Nantes", "44093", "CHU de Nantes", "chu-nantes.mssante.test"),
    ("Didier", "BLANCHARD", "Chirurgien-dentiste", None, "Rennes", "35000", "Cabinet dentaire des Lices", "chirurgien-dentiste.mssante.test"),
    ("Virginie", "GIRAUD", "Médecin", "Gynécologie-obstétrique", "Rennes", "35033", "CHU de Rennes - Hôpital Sud", "chu-rennes.mssante.test"),
    ("Jean-Luc", "JOLY", "Médecin", "Rhumatologie", "Lille", "59037", "CHU de Lille", "chu-lille.mssante.test"),
    ("Marion", "RIVIERE", "Pédicure-podologue", None, "Lille", "59000", "Cabinet de podologie du Vieux-Lille", "pedicure-podologue.mssante.test"),
    ("Arnaud", "LUCAS", "Médecin", "Ophtalmologie", "Nice", "06001", "CHU de Nice - Pasteur 2", "chu-nice.mssante.test"),
    ("Mélanie", "BRUNET", "Orthoptiste", None, "Nice", "06000", "Cabinet d'orthoptie Masséna", "orthoptiste.mssante.test"),
    ("Gilles", "GAILLARD", "Médecin", "Médecine du travail", "Clermont-Ferrand", "63000", "Service de santé au travail d'Auvergne", "medecin.mssante.test"),
    ("Audrey", "BARBIER", "Diététicien", None, "Dijon", "21000", "Cabinet de diététique Darcy", "dieteticien.mssante.test"),
    ("Benoît", "ARNAUD", "Médecin", "Médecine générale", "Toulouse", "31100", "Maison de santé de Bagatelle", "medimail.test"),
    ("Lucie", "MARTINEZ", "Médecin", "Endocrinologie-diabétologie", "Toulouse", "31000", "Cabinet d'endocrinologie Jean-Jaurès", "medimail.test"),
    ("Karim", "BENALI", "Infirmier", "Infirmier diplômé d'État", "Toulouse", "31200", "Cabinet infirmier des Minimes", "medimail.test"),
    ("Sarah", "COHEN", "Médecin", "Interne en cardiologie", "Toulouse", "31059", "CHU de Toulouse - Rangueil", "medimail.test"),
]

# Organisational mailboxes of the directory (organisation, service, city, postal code, address).
_ORGANISATIONS = [
    ("CHU de Toulouse - Rangueil", "Secrétariat de cardiologie", "secretariat.cardiologie", "chu-toulouse.mssante.test", "Toulouse", "31059", "1 avenue du Professeur Jean Poulhès"),
    ("CHU de Toulouse - Rangueil", "Service d'endocrinologie-diabétologie", "endocrinologie", "chu-toulouse.mssante.test", "Toulouse", "31059", "1 avenue du Professeur Jean Poulhès"),
    ("CHU de Toulouse - Purpan", "Service des urgences", "urgences.purpan", "chu-toulouse.mssante.test", "Toulouse", "31059", "Place du Docteur Baylac"),
    ("Laboratoire Bio-Occitanie", "Résultats d'analyses - Site Purpan", "resultats", "labo-bio-occitanie.mssante.test", "Toulouse", "31300", "45 avenue de Grande-Bretagne"),
    ("Pharmacie du Capitole", "Officine", "contact", "pharmacie-capitole.mssante.test", "Toulouse", "31000", "5 place du Capitole"),
    ("Clinique Pasteur", "Service d'imagerie médicale", "imagerie", "clinique-pasteur.mssante.test", "Toulouse", "31076", "45 avenue de Lombez"),
    ("Centre hospitalier d'Albi", "Service de médecine polyvalente", "medecine.polyvalente", "ch-albi.mssante.test", "Albi", "81000", "22 boulevard du Général Sibille"),
    ("CHU de Montpellier - Arnaud de Villeneuve", "Service de pneumologie", "pneumologie", "chu-montpellier.mssante.test", "Montpellier", "34295", "371 avenue du Doyen Gaston Giraud"),
    ("Pharmacie de la Comédie", "Officine", "contact", "pharmacie-comedie.mssante.test", "Montpellier", "34000", "12 place de la Comédie"),
    ("Laboratoire Rhône Biologie", "Plateau technique", "biologie", "labo-rhone-bio.mssante.test", "Lyon", "69007", "18 avenue Jean Jaurès"),
    ("EHPAD Les Tilleuls", "Infirmerie", "infirmerie", "ehpad-les-tilleuls.mssante.test", "Castres", "81100", "3 chemin des Tilleuls"),
    ("Centre de santé municipal de Nantes", "Accueil médical", "accueil", "cds-nantes.mssante.test", "Nantes", "44000", "2 rue de Strasbourg"),
]

_DEPARTMENTS = {
    "31": "Haute-Garonne", "81": "Tarn", "82": "Tarn-et-Garonne", "34": "Hérault", "30": "Gard",
    "66": "Pyrénées-Orientales", "65": "Hautes-Pyrénées", "64": "Pyrénées-Atlantiques",
    "33": "Gironde", "69": "Rhône", "13": "Bouches-du-Rhône", "67": "Bas-Rhin",
    "44": "Loire-Atlantique", "35": "Ille-et-Vilaine", "59": "Nord", "06": "Alpes-Maritimes",
    "63": "Puy-de-Dôme", "21": "Côte-d'Or", "51": "Marne",
}

# Phone prefixes by region so the directory looks plausible.
_PHONE_PREFIX = {"31": "05 61", "81": "05 63", "82": "05 63", "34": "04 67", "30": "04 66",
                 "66": "04 68", "65": "05 62", "64": "05 59", "33": "05 56", "69": "04 72",
                 "13": "04 91", "67": "03 88", "44": "02 40", "35": "02 99", "59": "03 20",
                 "06": "04 93", "63": "04 73", "21": "03 80", "51": "03 26"}


def department(postal_code: str) -> str:
    dep = postal_code[:2]
    return "%s (%s)" % (_DEPARTMENTS.get(dep, dep), dep)


def _ascii_local(given: str, family: str) -> str:
    import unicodedata
    raw = "%s.%s" % (given, family)
    raw = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode()
    return raw.lower().replace(" ", "-").replace("'", "")


@dataclass
class DirectoryEntry:
    """One row of the test directory; mirrors the national directory's useful columns."""
    email: str
    kind: str  # personnel | interne | medimail | organisationnel
    display_name: str
    family_name: str
    given_name: Optional[str]
    profession: Optional[str]
    specialty: Optional[str]
    rpps: Optional[str]
    city: str
    postal_code: str
    organisation: str
    street: str
    phone: str
    # What the owner set in "Mon compte" (operator's directory only).
    visible: bool = True
    dematerialisation: bool = False


# Medimail accounts that exist only at the operator (no RPPS: absent from the national
# directory), and entries whose owner hid them ("Adresse Medimail visible dans l'annuaire"
# unticked): (given, FAMILY, profession, city, postal code, organisation, visible).
_OPERATOR_ONLY = [
    ("Hugo", "LAMBERT", "Assistant médical", "Toulouse", "31100", "Maison de santé de Bagatelle", True),
    ("Inès", "FABRE", "Secrétaire médicale", "Toulouse", "31059", "CHU de Toulouse - Rangueil", True),
    ("Paul", "ROCHE", "Coordinateur de parcours", "Toulouse", "31000", "Dispositif d'appui à la coordination 31", True),
    ("Léa", "CARON", "Secrétaire médicale", "Toulouse", "31000", "Cabinet médical du Dr Dupont", False),
]


def directory_operator_only():
    """Medimail-only accounts (kind medimail, no RPPS) on the operator's own domain; the
    last one is hidden by its owner."""
    entries = []
    for i, (given, family, prof, city, cp, org, visible) in enumerate(_OPERATOR_ONLY):
        entries.append(DirectoryEntry(
            _ascii_local(given, family) + "@" + DOMAIN, "medimail", "%s %s" % (given, family.title()),
            family, given, prof, None, None, city, cp, org, "%d allée des Demoiselles" % (2 + i),
            "%s %02d %02d %02d" % (_PHONE_PREFIX["31"], 60 + i, (i * 3) % 100, (i * 5) % 100),
            visible=visible))
    return entries


def directory_hidden_practitioners():
    """A practitioner with an RPPS who hid both addresses."""
    return [DirectoryEntry("agathe.vidal@" + DOMAIN, "personnel", "Dr Agathe Vidal", "VIDAL", "Agathe",
                           "Médecin", "Psychiatrie", test_rpps(3001), "Toulouse", "31000",
                           "Cabinet de psychiatrie des Carmes", "9 place des Carmes",
                           "05 61 70 80 90", visible=False)]


def directory_everyone():
    """Every directory mailbox that is not a demo account."""
    return (directory_practitioners() + directory_organisations() + directory_operator_only()
            + directory_hidden_practitioners())


def directory_practitioners():
    entries = []
    for i, (given, family, prof, spec, city, cp, org, dom) in enumerate(_PRACTITIONERS):
        interne = bool(spec and spec.startswith("Interne"))
        kind = "interne" if interne else "personnel"
        title = "Dr " if prof == "Médecin" and not interne else ""
        phone = "%s %02d %02d %02d" % (_PHONE_PREFIX.get(cp[:2], "01 45"), 10 + i, (i * 7) % 100, (i * 13) % 100)
        entries.append(DirectoryEntry(
            _ascii_local(given, family) + "@" + dom, kind, "%s%s %s" % (title, given, family.title()),
            family, given, prof, spec, test_rpps(2000 + i), city, cp, org,
            "%d rue %s" % (3 + i % 40, ["de la République", "Victor Hugo", "Pasteur", "des Écoles",
                                        "Jean Jaurès", "du Général de Gaulle"][i % 6]), phone))
    return entries


def directory_organisations():
    entries = []
    for i, (org, service, local, dom, city, cp, street) in enumerate(_ORGANISATIONS):
        phone = "%s %02d %02d %02d" % (_PHONE_PREFIX.get(cp[:2], "01 45"), 30 + i, (i * 11) % 100, (i * 17) % 100)
        entries.append(DirectoryEntry("%s@%s" % (local, dom), "organisationnel",
                                      "%s - %s" % (org, service), org.upper(), None, None,
                                      service, None, city, cp, org, street, phone))
    return entries


def directory_for_account(acc: Account) -> DirectoryEntry:
    return DirectoryEntry(acc.email, acc.kind, acc.display_name, acc.family_name, acc.given_name,
                          acc.profession, acc.specialty, acc.rpps, acc.city, acc.postal_code,
                          acc.organisation, acc.street, acc.phone,
                          dematerialisation=acc.kind in ("personnel", "organisationnel"))


def all_mail_domains():
    """Every domain the operator delivers locally (virtual mailbox domains)."""
    doms = {DOMAIN, PATIENT_DOMAIN}
    for e in directory_everyone():
        doms.add(e.email.split("@", 1)[1])
    return sorted(doms)
