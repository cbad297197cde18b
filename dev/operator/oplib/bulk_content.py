"""Deterministic, varied French clinical correspondence for `seed --count`.

Each message is drawn from its own pseudo-random stream (seed, index), so workers can build
disjoint slices in parallel and a given (seed, mailbox, folder, index) always yields the same
message.
"""
import base64
import random
import zlib
from datetime import timedelta

from . import accounts, samples

GIVEN_F = ["Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Françoise", "Valérie",
           "Christine", "Sandrine", "Sophie", "Céline", "Aurélie", "Émilie", "Julie", "Camille",
           "Léa", "Manon", "Chloé", "Inès", "Hélène", "Agnès", "Brigitte", "Monique", "Josiane",
           "Odile", "Geneviève", "Mireille", "Anaïs", "Élodie", "Margaux"]
GIVEN_M = ["Jean", "Pierre", "Michel", "André", "Philippe", "Alain", "Bernard", "Jacques",
           "Daniel", "Patrick", "Nicolas", "Christophe", "Stéphane", "Julien", "Thomas",
           "Antoine", "Hugo", "Lucas", "Mathis", "Gaël", "François", "Hervé", "Gérard", "Rémi",
           "Loïc", "Jérôme", "Sébastien", "Benoît", "Yves", "Théo"]
FAMILY = ["MARTIN", "BERNARD", "THOMAS", "PETIT", "ROBERT", "RICHARD", "DURAND", "DUBOIS",
          "MOREAU", "LAURENT", "SIMON", "MICHEL", "LEFÈVRE", "LEROY", "ROUX", "DAVID", "BERTRAND",
          "MOREL", "FOURNIER", "GIRARD", "BONNET", "DUPONT", "LAMBERT", "FONTAINE", "ROUSSEAU",
          "VINCENT", "MULLER", "FAURE", "ANDRÉ", "MERCIER", "BLANC", "GUÉRIN", "BOYER",
          "GARNIER", "CHEVALIER", "FRANÇOIS", "LEGRAND", "GAUTHIER", "GARCIA", "PERRIN",
          "ROBIN", "CLÉMENT", "MORIN", "NICOLAS", "HENRY", "ROUSSEL", "MATHIEU", "GAUTIER",
          "MASSON", "MARCHAND", "DUVAL", "DENIS", "DUMONT", "MARIE", "LEMAIRE", "NOËL",
          "MEYER", "DUFOUR", "MEUNIER", "BRUN", "BLANCHARD", "GIRAUD", "JOLY", "RIVIÈRE",
          "LUCAS", "BRUNET", "GAILLARD", "BARBIER", "ARNAUD", "MARTINEZ", "GÉRARD", "ROCHE",
          "RENARD", "SCHMITT", "ROY", "LEROUX", "COLIN", "VIDAL", "CARON", "PICARD"]
PROFESSIONS = [
    ("Médecin", "Cardiologie"), ("Médecin", "Médecine générale"), ("Médecin", "Pneumologie"),
    ("Médecin", "Endocrinologie-diabétologie"), ("Médecin", "Rhumatologie"),
    ("Médecin", "Radiodiagnostic et imagerie médicale"), ("Médecin", "Gastro-entérologie"),
    ("Médecin", "Néphrologie"), ("Médecin", "Neurologie"), ("Médecin", "Dermatologie"),
    ("Médecin", "Pédiatrie"), ("Médecin", "Gériatrie"), ("Médecin", "Psychiatrie"),
    ("Médecin", "Chirurgie orthopédique"), ("Médecin", "Ophtalmologie"), ("Médecin", "ORL"),
    ("Pharmacien", "Biologie médicale"), ("Pharmacien", "Pharmacie d'officine"),
    ("Infirmier", "Soins à domicile"), ("Masseur-kinésithérapeute", "Rééducation"),
    ("Sage-femme", "Suivi de grossesse"), ("Orthophoniste", "Rééducation du langage"),
]
CITIES = [("Toulouse", "31000"), ("Albi", "81000"), ("Montauban", "82000"), ("Castres", "81100"),
          ("Montpellier", "34000"), ("Nîmes", "30000"), ("Perpignan", "66000"), ("Tarbes", "65000"),
          ("Pau", "64000"), ("Auch", "32000"), ("Rodez", "12000"), ("Cahors", "46000"),
          ("Carcassonne", "11000"), ("Bordeaux", "33000"), ("Lyon", "69003")]
ORGS = ["CHU de Toulouse", "Clinique Pasteur", "Centre hospitalier d'Albi", "Clinique de l'Union",
        "CHU de Montpellier", "Maison de santé pluriprofessionnelle", "Cabinet médical du centre",
        "Centre hospitalier de Montauban", "Hôpital Joseph Ducuing", "Laboratoire Bio-Occitanie",
        "Polyclinique du Parc", "Centre de santé municipal", "Institut universitaire du cancer"]
DOMAINS = ["medecin.mssante.test", "chu-toulouse.mssante.test", "clinique-pasteur.mssante.test",
           "ch-albi.mssante.test", "chu-montpellier.mssante.test", "pharmacien.mssante.test",
           "infirmier.mssante.test", "masseur-kinesitherapeute.mssante.test", "medimail.test",
           "labo-bio-occitanie.mssante.test", "sagefemme.mssante.test"]

MOTIFS = ["une douleur thoracique atypique", "une HTA mal contrôlée", "un diabète de type 2 déséquilibré",
          "une lombalgie chronique", "une suspicion de syndrome d'apnées du sommeil", "un bilan de chute",
          "une dyspnée d'effort", "un nodule thyroïdien", "une insuffisance rénale chronique",
          "une fibrillation atriale récemment découverte", "une BPCO", "un asthme mal contrôlé",
          "un eczéma étendu", "un psoriasis", "des troubles du sommeil", "un syndrome dépressif",
          "une gonarthrose", "une anémie ferriprive", "une hypothyroïdie", "un suivi de grossesse",
          "des otites récidivantes", "un retard de langage", "une plaie chronique de jambe",
          "des douleurs abdominales", "un reflux gastro-œsophagien", "des céphalées inhabituelles",
          "des vertiges", "une perte de poids inexpliquée", "une toux chronique", "des palpitations"]
FINDINGS = ["L'examen clinique retrouve une tension artérielle à {ta} mmHg et une fréquence cardiaque à {fc}/min.",
            "L'auscultation cardio-pulmonaire est normale.", "L'abdomen est souple, dépressible et indolore.",
            "Pas de signe de décompensation cardiaque.", "L'ECG montre un rythme sinusal régulier.",
            "La biologie retrouve une créatinine à {creat} µmol/L et une HbA1c à {hba1c} %.",
            "Le scanner ne montre pas d'anomalie significative.", "L'échographie est rassurante.",
            "Le bilan thyroïdien est normal (TSH {tsh} mUI/L).", "La radiographie met en évidence une arthrose modérée.",
            "La saturation est à {sat} % en air ambiant.", "Le patient rapporte une amélioration depuis la dernière consultation.",
            "La douleur est cotée à {eva}/10 à l'EVA.", "Le poids est stable à {poids} kg.",
            "Les réflexes ostéotendineux sont présents et symétriques.", "Pas d'adénopathie palpable."]
PLANS = ["Je propose de poursuivre le traitement actuel et de réévaluer dans {mois} mois.",
         "J'ai introduit {medoc}.", "J'ai adapté la posologie : {medoc}.",
         "Un contrôle biologique est prescrit dans {sem} semaines.",
         "Une IRM est programmée ; je vous tiendrai informé des résultats.",
         "Je reverrai le patient en consultation dans {mois} mois.",
         "Des séances de kinésithérapie ont été prescrites.",
         "Une éducation thérapeutique est proposée en hôpital de jour.",
         "Merci de surveiller la kaliémie et la fonction rénale.", "Un avis chirurgical ne semble pas nécessaire à ce stade."]
MEDOCS = ["metformine 1000 mg matin et soir", "ramipril 5 mg le matin", "bisoprolol 2,5 mg par jour",
          "apixaban 5 mg deux fois par jour", "atorvastatine 20 mg le soir", "lévothyroxine 75 µg à jeun",
          "paracétamol 1 g trois fois par jour si douleur", "salbutamol à la demande",
          "amlodipine 5 mg par jour", "furosémide 40 mg le matin", "sémaglutide 0,5 mg par semaine",
          "oméprazole 20 mg par jour", "sertraline 50 mg par jour", "prednisolone 20 mg pendant 5 jours"]
EXAMS = ["IRM lombaire", "scanner thoracique", "échographie abdominale", "échocardiographie",
         "radiographie du genou", "mammographie", "doppler veineux", "EFR", "polysomnographie", "fibroscopie"]
BILANS = ["biologique", "cardiologique", "diabétologique", "orthophonique", "kinésithérapique",
          "gériatrique", "nutritionnel", "podologique"]
SUBJECTS = [
    "Compte rendu de consultation – {civ} {NOM} {prenom}",
    "Résultats d'analyses du {date} – {civ} {NOM}",
    "Demande d'avis – {civ} {NOM} {prenom}",
    "Adressage : {civ} {NOM} ({motif_court})",
    "Lettre de liaison – sortie du {date} – {civ} {NOM}",
    "Compte rendu opératoire – {civ} {NOM} {prenom}",
    "Résultats d'imagerie : {exam} – {civ} {NOM}",
    "Ordonnance de sortie – {civ} {NOM}",
    "Convocation RCP du {date}",
    "Demande de rendez-vous – {civ} {NOM}",
    "Bilan {bilan} – {civ} {NOM} {prenom}",
    "Suivi de {civ} {NOM} – point après {mois} mois",
    "Résultat critique – {civ} {NOM}",
    "Demande de transmission de dossier – {civ} {NOM}",
    "Compte rendu d'hospitalisation – {civ} {NOM} {prenom}",
    "Astreinte et permanence des soins – planning du {date}",
]
GREETINGS = ["Cher confrère,", "Chère consœur,", "Bonjour,", "Docteur,", "Cher ami,", "Madame, Monsieur,"]
CLOSINGS = ["Bien confraternellement,", "Cordialement,", "Bien cordialement,", "Amicalement,",
            "Avec mes remerciements,", "Je reste à votre disposition,"]
MONTHS_SHORT = ["un diabète", "une HTA", "une BPCO", "une lombalgie", "une chute", "une dyspnée",
                "un bilan", "des palpitations", "une anémie", "des vertiges"]


def practitioners():
    """~200 senders: the test directory plus generated practitioners, stable across runs."""
    out = [(e.display_name, e.email, e.profession or "", e.specialty or "", e.organisation, e.city)
           for e in accounts.directory_practitioners()]
    rnd = random.Random(20250101)
    seen = {p[1] for p in out}
    while len(out) < 200:
        female = rnd.random() < 0.55
        given = rnd.choice(GIVEN_F if female else GIVEN_M)
        family = rnd.choice(FAMILY)
        prof, spec = rnd.choice(PROFESSIONS)
        city, _ = rnd.choice(CITIES)
        local = (accounts._ascii_local(given, family))
        email = "%s@%s" % (local, rnd.choice(DOMAINS))
        if email in seen:
            continue
        seen.add(email)
        title = "Dr " if prof == "Médecin" else ""
        out.append(("%s%s %s" % (title, given, family.title()), email, prof, spec,
                    rnd.choice(ORGS), city))
    return out


def _b64_lines(data):
    s = base64.b64encode(data).decode()
    return "\r\n".join(s[i:i + 76] for i in range(0, len(s), 76))


def attachments():
    """A few small pre-encoded attachments: (content type, filename, base64 text)."""
    pdf = samples.pdf_document("Compte rendu", ["Document de démonstration", "Données fictives",
                                                "Examen clinique sans particularité."])
    letter = samples.pdf_document("Courrier médical", ["Cher confrère,", "",
                                                       "Je vous adresse ce patient pour avis.",
                                                       "Bien confraternellement."])
    png = samples.logo_png(32, (0, 120, 90))
    scan = samples.scan_png(120, 160, seed=3)
    hprim = ("H|~^\\&|||LABO-BIO-OCCITANIE|||||||P|H2.1^C|20250312\r\n"
             "P|1||279035121518989||MOREAU^CLAIRE||19790314|F\r\n"
             "OBX|1|NM|GLY^Glycémie à jeun||1.02|g/L|0.70-1.10|N\r\n"
             "OBX|2|NM|HBA1C^Hémoglobine glyquée||5.6|%|<6.0|N\r\nL|1|N|4\r\n").encode("utf-8")
    return [("application/pdf", "compte_rendu.pdf", _b64_lines(pdf)),
            ("application/pdf", "courrier.pdf", _b64_lines(letter)),
            ("image/png", "photo.png", _b64_lines(png)),
            ("image/png", "ordonnance_scannee.png", _b64_lines(scan)),
            ("text/plain; charset=utf-8", "resultats.hpr", _b64_lines(hprim))]


def _ew(s):
    """RFC 2047 encoded-word when needed (fast path; all our text is UTF-8)."""
    if s.isascii():
        return s
    return "=?UTF-8?B?%s?=" % base64.b64encode(s.encode()).decode()


def _fill(rnd, template):
    return template.format(
        ta="%d/%d" % (rnd.randint(110, 175), rnd.randint(60, 100)), fc=rnd.randint(55, 105),
        creat=rnd.randint(50, 180), hba1c="%d,%d" % (rnd.randint(5, 10), rnd.randint(0, 9)),
        tsh="%d,%02d" % (rnd.randint(0, 4), rnd.randint(0, 99)), sat=rnd.randint(91, 99),
        eva=rnd.randint(0, 8), poids=rnd.randint(48, 115), mois=rnd.choice([1, 2, 3, 6]),
        sem=rnd.choice([2, 4, 6, 8]), medoc=rnd.choice(MEDOCS))


class Generator:
    def __init__(self, seed, mailbox, folder, owner_name):
        self.base = "%d:%s:%s" % (seed, mailbox, folder)
        self.tag = zlib.crc32(self.base.encode())  # stable across processes, unlike hash()
        self.mailbox, self.owner_name = mailbox, owner_name
        self.senders = practitioners()
        self.attachments = attachments()
        self.rnd = random.Random()

    def message(self, index, when):
        """(bytes, flags) of message `index` dated `when` (aware datetime)."""
        rnd = self.rnd
        rnd.seed("%s:%d" % (self.base, index))
        name, email, prof, spec, org, city = rnd.choice(self.senders)
        female = rnd.random() < 0.5
        civ = "Mme" if female else "M."
        prenom = rnd.choice(GIVEN_F if female else GIVEN_M)
        nom = rnd.choice(FAMILY)
        age = rnd.randint(2, 94)
        motif = rnd.choice(MOTIFS)
        subject = rnd.choice(SUBJECTS).format(
            civ=civ, NOM=nom, prenom=prenom, date=when.strftime("%d/%m/%Y"),
            motif_court=rnd.choice(MONTHS_SHORT), exam=rnd.choice(EXAMS), bilan=rnd.choice(BILANS),
            mois=rnd.choice([3, 6, 12]))
        r = rnd.random()
        if r < 0.12:
            subject = "RE: " + subject
        elif r < 0.16:
            subject = "TR: " + subject
        paras = [rnd.choice(GREETINGS),
                 "Je vous adresse %s %s %s, %d ans, pour %s." % (civ, prenom, nom.title(), age, motif)]
        paras.append(" ".join(_fill(rnd, t) for t in rnd.sample(FINDINGS, rnd.randint(3, 6))))
        paras.append(" ".join(_fill(rnd, t) for t in rnd.sample(PLANS, rnd.randint(2, 4))))
        if rnd.random() < 0.3:
            paras.append("Antécédents notables : %s. Allergies : %s." % (
                rnd.choice(["HTA", "diabète de type 2", "tabagisme sevré", "appendicectomie",
                            "cholécystectomie", "aucun"]),
                rnd.choice(["aucune connue", "pénicilline", "iode", "AINS"])))
        paras.append(rnd.choice(CLOSINGS))
        signature = "%s\n%s%s\n%s - %s" % (name, prof, (" - " + spec) if spec else "", org, city)
        text = "\n\n".join(paras) + "\n\n-- \n" + signature + "\n"
        if subject.startswith(("RE: ", "TR: ")):
            text += self._quoted(rnd, when, civ, prenom, nom, motif)

        msgid = "<bulk.%d.%08x@%s>" % (index, self.tag, email.split("@", 1)[1])
        headers = ("From: %s <%s>\nTo: %s <%s>\nSubject: %s\nDate: %s\nMessage-ID: %s\n"
                   "MIME-Version: 1.0\n" % (_ew(name), email, _ew(self.owner_name), self.mailbox,
                                            _ew(subject), when.strftime("%a, %d %b %Y %H:%M:%S %z"),
                                            msgid))
        kind = rnd.random()
        if kind < 0.12:
            body = self._with_attachment(rnd, text, index)
        elif kind < 0.27:
            body = self._alternative(text, index)
        else:
            body = "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + text
        flags = ""
        f = rnd.random()
        if f < 0.05:
            flags += "F"
        if rnd.random() < 0.10:
            flags += "R"
        if rnd.random() < 0.75:
            flags += "S"
        return (headers + body).encode("utf-8"), flags

    def _quoted(self, rnd, when, civ, prenom, nom, motif):
        """The previous message of the thread, quoted as mail clients do."""
        earlier = (when - timedelta(days=rnd.randint(1, 20))).strftime("%d/%m/%Y à %H:%M")
        quoted = ["Le %s, %s a écrit :" % (earlier, self.owner_name),
                  "Cher confrère,", "",
                  "Je vous adresse %s %s %s pour %s." % (civ, prenom, nom.title(), motif),
                  _fill(rnd, rnd.choice(FINDINGS)), _fill(rnd, rnd.choice(PLANS)), "",
                  "Merci de votre avis.", "Bien confraternellement,"]
        return "\n" + "\n".join(("> " + q) if q else ">" for q in quoted) + "\n"

    def _alternative(self, text, index):
        b = "=_alt_%08x" % index
        html = "".join("<p>%s</p>" % p.replace("\n", "<br>") for p in text.split("\n\n"))
        return ('Content-Type: multipart/alternative; boundary="%s"\n\n--%s\n'
                "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n%s\n--%s\n"
                "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
                "<html><body style=\"font-family:Arial\">%s</body></html>\n--%s--\n"
                % (b, b, text, b, html, b))

    def _with_attachment(self, rnd, text, index):
        b = "=_mix_%08x" % index
        ctype, fname, data = rnd.choice(self.attachments)
        return ('Content-Type: multipart/mixed; boundary="%s"\n\n--%s\n'
                "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n%s\n--%s\n"
                'Content-Type: %s; name="%s"\nContent-Disposition: attachment; filename="%s"\n'
                "Content-Transfer-Encoding: base64\n\n%s\n--%s--\n"
                % (b, b, text, b, ctype, fname, fname, data.replace("\r\n", "\n"), b))
