"""`operator seed`: realistic French demo mail for a GP practice, appended over IMAPS.

Dates are relative to today (Medimail purges mail after 90 days, so the demo stays recent).
Every message has a fixed Message-ID: seeding twice appends nothing new.
"""
import json
import os
import time
from datetime import datetime, timedelta, timezone
from email.header import Header
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr

from . import accounts, imapc, samples
from .util import write_file

PARIS = timezone(timedelta(hours=1), "CET")
# No folding at 78 columns: a folded "Subject:\r\n XDM/1.0/DDM+..." would hide the structured
# prefix from naive parsers. RFC 5322 allows 998.
POLICY = SMTP.clone(max_line_length=998)
TODAY = datetime.now(PARIS).replace(second=0, microsecond=0)

# Fictitious patients mentioned in the demo mail. Claire MOREAU owns the patient mailbox.
CLAIRE = dict(ins=accounts.PATIENT_INS, family="MOREAU", given="Claire", sex="F", birth="19790314")
PAUL = dict(ins="146026322000196", family="BLANC", given="Paul", sex="M", birth="19460207")


def at(days_ago, hour, minute=0):
    """A moment `days_ago` days back at hh:mm, never in the future (seeding at 8 a.m. must
    not produce a message dated 12:30 today)."""
    d = (TODAY - timedelta(days=days_ago)).replace(hour=hour, minute=minute)
    return min(d, TODAY - timedelta(minutes=1 + (hour * 60 + minute) % 50))


def mid(slug, domain=accounts.DOMAIN):
    return "<demo-%s@%s>" % (slug, domain)


class People:
    """Addresses used by the demo, taken from the demo accounts and the test directory."""

    def __init__(self, env):
        acc = {a["key"]: a for a in env["accounts"]}
        d = {e.email: e for e in accounts.directory_practitioners() + accounts.directory_organisations()}
        self.entries = d
        self.phys = (acc["physician"]["display_name"], acc["physician"]["email"])
        self.secr = (acc["secretary"]["display_name"], acc["secretary"]["email"])
        self.intern = (acc["intern"]["display_name"], acc["intern"]["email"])
        self.orgbox = (acc["orgbox"]["display_name"], acc["orgbox"]["email"])
        self.patient = ("Claire Moreau", acc["patient"]["email"])
        self.cardio = self._p("sophie.martin@chu-toulouse.mssante.test")
        self.endoc = self._p("pierre.bernard@chu-toulouse.mssante.test")
        self.radio = self._p("laurent.petit@clinique-pasteur.mssante.test")
        self.kine = self._p("celine.roux@masseur-kinesitherapeute.mssante.test")
        self.bio = self._p("emilie.fournier@labo-bio-occitanie.mssante.test")
        self.diab = self._p("lucie.martinez@medimail.test")
        self.ide = self._p("karim.benali@medimail.test")
        self.diet = self._p("audrey.barbier@dieteticien.mssante.test")
        self.labo = ("Laboratoire Bio-Occitanie", "resultats@labo-bio-occitanie.mssante.test")
        self.pharma = ("Pharmacie du Capitole", "contact@pharmacie-capitole.mssante.test")
        self.urgences = ("Urgences CHU Purpan", "urgences.purpan@chu-toulouse.mssante.test")
        self.rcp = ("Secrétariat de cardiologie - CHU Rangueil", "secretariat.cardiologie@chu-toulouse.mssante.test")
        self.endoc_service = ("Endocrinologie - CHU Rangueil", "endocrinologie@chu-toulouse.mssante.test")
        self.cds = ("Centre de santé municipal de Nantes", "accueil@cds-nantes.mssante.test")
        self.grades = ("Centre de services e-santé Occitanie", "centre-de-services@esante-occitanie.test")
        self.unknown = ("Dr D. Lambert", "d.lambert@medecin.mssante.test")

    def _p(self, email):
        return (self.entries[email].display_name, email)

    def rpps(self, person):
        return self.entries[person[1]].rpps


class Mail:
    """One message to place: owner account key, folder, flags, INTERNALDATE, raw bytes."""

    def __init__(self, owner, folder, when, msg, message_id, flags=()):
        self.owner, self.folder, self.when = owner, folder, when
        self.raw = msg.as_bytes() if isinstance(msg, EmailMessage) else msg
        self.message_id, self.flags = message_id, list(flags)


# --- message builders -------------------------------------------------------------------

def _addr(p):
    return formataddr(p)


def message(frm, to, subject, body, when, message_id, cc=None, html=None, headers=None,
            in_reply_to=None):
    m = EmailMessage(policy=POLICY)
    m["From"] = _addr(frm)
    m["To"] = ", ".join(_addr(t) for t in (to if isinstance(to, list) else [to]))
    if cc:
        m["Cc"] = ", ".join(_addr(c) for c in cc)
    m["Subject"] = subject
    m["Date"] = format_datetime(when)
    m["Message-ID"] = message_id
    if in_reply_to:
        m["In-Reply-To"] = in_reply_to
        m["References"] = in_reply_to
    for k, v in (headers or {}).items():
        m[k] = v
    m["X-Mailer"] = "Medimail (opérateur de test)"
    m.set_content(body)
    if html:
        m.add_alternative(html, subtype="html")
    return m


def attach(m, data, maintype, subtype, filename):
    m.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return m


def raw_message(header_lines, body, content_type, extra=b""):
    """Hand-built message, for shapes EmailMessage would normalise away."""
    head = "\r\n".join(header_lines + ["MIME-Version: 1.0", "Content-Type: " + content_type])
    return head.encode("utf-8") + b"\r\n\r\n" + body + extra


def enc(s):
    return Header(s, "utf-8").encode()


def signature(name, title, place):
    return "\n\n-- \n%s\n%s\n%s\n" % (name, title, place)


SIG_DUPONT = signature("Dr Jean Dupont", "Médecin généraliste - RPPS %s" % accounts.PHYSICIAN_RPPS,
                       "Cabinet médical du Dr Dupont, 12 rue des Lois, 31000 Toulouse - 05 61 00 12 34")


def html_page(paragraphs, sign=""):
    body = "".join("<p>%s</p>" % p for p in paragraphs)
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head>"
            "<body style=\"font-family:Arial,sans-serif;font-size:14px;color:#222\">%s%s</body></html>"
            % (body, "<p style=\"color:#555\">%s</p>" % sign.replace("\n", "<br>") if sign else ""))


# --- the demo mailboxes ------------------------------------------------------------------

def build(env):
    P = People(env)
    out = []
    out += _physician_inbox(P)
    out += _physician_folders(P)
    out += _physician_sent_and_drafts(P)
    out += _orgbox(P)
    out += _others(P)
    return out


def _physician_inbox(P):
    m = []
    lundi = TODAY - timedelta(days=TODAY.weekday()) + timedelta(days=7)
    m.append(Mail("physician", "INBOX", at(1, 8, 12), message(
        P.secr, P.phys, "Planning de la semaine du %s" % lundi.strftime("%d/%m"),
        "Bonjour Docteur,\n\nVoici le planning de la semaine prochaine :\n\n"
        "- lundi : consultations de 8 h 30 à 12 h, visites à domicile l'après-midi ;\n"
        "- mardi : journée complète, 2 créneaux d'urgence gardés à 11 h et 17 h ;\n"
        "- mercredi : matinée uniquement (réunion de la MSP à 14 h) ;\n"
        "- jeudi : consultations + RCP cardiologie au CHU à 18 h ;\n"
        "- vendredi : consultations jusqu'à 16 h.\n\n"
        "Mme Garnier a demandé un rendez-vous rapide pour son bilan diabète, je l'ai placée "
        "mardi à 9 h 15.\n\nBonne journée,\nNathalie\n\nNathalie Girard\nSecrétaire médicale - "
        "Cabinet médical du Dr Dupont", at(1, 8, 12), mid("planning-semaine")), mid("planning-semaine")))

    cr_pdf = samples.pdf_document("Compte rendu de consultation de cardiologie", [
        "Toulouse, le %s" % samples.fr_date(at(2, 17)), "",
        "Patient : M. Bernard LEFÈVRE, né le 12/06/1952", "Médecin traitant : Dr Jean Dupont", "",
        "Cher confrère,", "",
        "J'ai revu ce jour M. Lefèvre, 72 ans, que vous m'aviez adressé pour dyspnée d'effort.",
        "Antécédents : HTA, dyslipidémie, tabagisme sevré en 2010.",
        "Examen clinique : PA 138/82 mmHg, FC 74/min, auscultation sans souffle.",
        "ECG : rythme sinusal, pas de trouble de la repolarisation.",
        "Échocardiographie : FEVG 58 %, pas de valvulopathie significative.",
        "", "Conclusion : pas de cardiopathie évolutive. Poursuite du traitement actuel,",
        "épreuve d'effort programmée dans 3 mois. Je reste à votre disposition.", "",
        "Bien confraternellement,", "Dr Sophie Martin - Cardiologie, CHU de Toulouse - Rangueil"],
        header="CHU de Toulouse - Hôpital Rangueil - Service de cardiologie",
        footer="Document de démonstration - données fictives")
    msg = message(P.cardio, P.phys, "Compte rendu de consultation – M. Bernard LEFÈVRE",
                  "Cher confrère,\n\nVeuillez trouver ci-joint le compte rendu de la consultation "
                  "de M. Bernard Lefèvre du %s.\n\nEn résumé : pas de cardiopathie évolutive, "
                  "épreuve d'effort à programmer dans 3 mois.\n\nBien confraternellement,\n\n"
                  "Dr Sophie Martin\nCardiologie - CHU de Toulouse, hôpital Rangueil" % samples.fr_date(at(2, 17)),
                  at(2, 17, 40), mid("cr-cardio-lefevre", "chu-toulouse.mssante.test"),
                  html=html_page(["Cher confrère,",
                                  "Veuillez trouver ci-joint le compte rendu de la consultation de "
                                  "<b>M. Bernard Lefèvre</b> du %s." % samples.fr_date(at(2, 17)),
                                  "En résumé : <i>pas de cardiopathie évolutive</i>, épreuve "
                                  "d'effort à programmer dans 3 mois.",
                                  "Bien confraternellement,"],
                                 "Dr Sophie Martin\nCardiologie - CHU de Toulouse, hôpital Rangueil"),
                  in_reply_to=mid("adressage-lefevre"))
    attach(msg, cr_pdf, "application", "pdf", "CR_consultation_LEFEVRE_Bernard.pdf")
    m.append(Mail("physician", "INBOX", at(2, 17, 40), msg.as_bytes(),
                  mid("cr-cardio-lefevre", "chu-toulouse.mssante.test"), ["\\Seen", "\\Flagged", "$label1"]))

    m.append(_xdm_lab_message(P, "physician", "INBOX", 0, CLAIRE, [
        ("Glycémie à jeun", "1,02", "g/L", "0,70 - 1,10"), ("Hémoglobine glyquée (HbA1c)", "5,6", "%", "< 6,0"),
        ("Créatinine", "68", "µmol/L", "45 - 90"), ("DFG (CKD-EPI)", "98", "mL/min/1,73m²", "> 90"),
        ("Cholestérol LDL", "1,21", "g/L", "< 1,60"), ("TSH", "1,84", "mUI/L", "0,40 - 4,00")],
        "crbio-moreau", []))

    m.append(_bounce(P))
    m.append(_mdn(P))
    m.append(Mail("physician", "INBOX", at(4, 21, 17), message(
        P.patient, P.phys, "RE: Résultats de votre bilan sanguin",
        "Bonsoir Docteur,\n\nMerci pour votre message et pour les résultats. Je suis rassurée "
        "pour la glycémie. Dois-je continuer le régime pauvre en sucres rapides ou puis-je "
        "reprendre une alimentation normale ?\n\nJe vous remercie,\nClaire Moreau\n\n"
        "> Bonjour Madame Moreau,\n> Vos résultats sont normaux, y compris la glycémie à jeun.\n",
        at(4, 21, 17), mid("reply-moreau", accounts.PATIENT_DOMAIN), in_reply_to=mid("resultats-moreau")),
        mid("reply-moreau", accounts.PATIENT_DOMAIN), ["\\Answered", "\\Seen"]))

    logo = samples.logo_png(64, (0, 102, 153))
    html = html_page([
        "<img src=\"cid:logo-esante@esante-occitanie.test\" alt=\"e-santé Occitanie\" width=\"64\" height=\"64\">",
        "<b>Medimail : les nouveautés de %s</b>" % TODAY.strftime("%Y"),
        "Bonjour,", "L'application mobile Medimail permet désormais de consulter l'<b>état "
        "d'ouverture</b> de vos messages envoyés et de gérer vos <b>réponses automatiques</b>.",
        "Rappel : les messages sont automatiquement supprimés au bout de <b>90 jours</b>. Pensez à "
        "télécharger ceux que vous devez conserver.",
        "Le centre de services reste joignable de 8 h 30 à 18 h 30 du lundi au vendredi.",
        "L'équipe e-santé Occitanie"])
    msg = message(P.grades, P.phys, "Medimail : nouveautés de l'application mobile",
                  "Bonjour,\n\nL'application mobile Medimail permet désormais de consulter l'état "
                  "d'ouverture de vos messages envoyés et de gérer vos réponses automatiques.\n\n"
                  "Rappel : les messages sont automatiquement supprimés au bout de 90 jours.\n\n"
                  "L'équipe e-santé Occitanie", at(6, 9), mid("newsletter", "esante-occitanie.test"),
                  html=html)
    msg.get_payload()[1].add_related(logo, "image", "png", cid="<logo-esante@esante-occitanie.test>",
                                     filename="logo.png")
    m.append(Mail("physician", "INBOX", at(6, 9), msg.as_bytes(), mid("newsletter", "esante-occitanie.test"),
                  ["\\Seen"]))

    msg = message(P.pharma, P.phys, "Renouvellement d'ordonnance – Mme Jacqueline ROUX",
                  "Bonjour Docteur,\n\nMme Jacqueline Roux s'est présentée ce jour avec l'ordonnance "
                  "ci-jointe arrivée à échéance (metformine 1000 mg, ramipril 5 mg). Pourriez-vous "
                  "nous faire parvenir un renouvellement ? Nous lui avons délivré une boîte en "
                  "dépannage.\n\nCordialement,\nNicolas Vincent, pharmacien titulaire\nPharmacie du Capitole",
                  at(5, 15, 31), mid("ordo-roux", "pharmacie-capitole.mssante.test"))
    attach(msg, samples.scan_png(), "image", "png", "ordonnance_ROUX_Jacqueline.png")
    m.append(Mail("physician", "INBOX", at(5, 15, 31), msg.as_bytes(),
                  mid("ordo-roux", "pharmacie-capitole.mssante.test"), ["\\Seen", "\\Answered"]))

    m.append(_latin1_message(P))
    m.append(_raw_utf8_header_message(P))

    m.append(Mail("physician", "INBOX", at(0, 12, 30), message(
        P.intern, P.phys, "Question sur le patient de 11 h",
        "Bonjour Jean,\n\nLe patient de 11 h (M. Faure) signale des douleurs thoraciques atypiques "
        "depuis hier soir. ECG fait au cabinet : pas de sus-décalage. Je lui ai proposé un dosage "
        "de troponine en urgence au laboratoire. Es-tu d'accord ou préfères-tu l'adresser "
        "directement aux urgences ?\n\nMerci,\nCamille", at(0, 12, 30), mid("question-interne")),
        mid("question-interne"), ["\\Flagged", "$label2"]))

    liaison = samples.pdf_document("Lettre de liaison à la sortie des urgences", [
        "Patient : M. Paul BLANC, né le 07/02/1946 - INS 146026322000196", "",
        "Motif d'admission : chute de sa hauteur à domicile, plaie du cuir chevelu.",
        "Examens : scanner cérébral sans anomalie, bilan biologique sans particularité.",
        "Soins : suture (5 points), vaccination antitétanique à jour.", "",
        "Conduite à tenir : ablation des fils à J7 par l'infirmier à domicile,",
        "réévaluation du traitement antihypertenseur par le médecin traitant.", "",
        "Dr Élodie Blanc - Service des urgences, CHU de Toulouse - Purpan"],
        header="CHU de Toulouse - Hôpital Purpan - Service des urgences",
        footer="Document de démonstration - données fictives")
    msg = message(P.urgences, P.phys, "Sortie des urgences – M. Paul BLANC",
                  "Cher confrère,\n\nVotre patient M. Paul Blanc est sorti des urgences ce jour. "
                  "Vous trouverez ci-joint la lettre de liaison.\n\nLe service des urgences - CHU Purpan",
                  at(9, 16, 50), mid("liaison-blanc", "chu-toulouse.mssante.test"))
    attach(msg, liaison, "application", "pdf", "Lettre_de_liaison_BLANC_Paul.pdf")
    m.append(Mail("physician", "INBOX", at(9, 16, 50), msg.as_bytes(),
                  mid("liaison-blanc", "chu-toulouse.mssante.test"), ["\\Seen"]))

    original = message(P.cds, P.orgbox, "Demande de copie de dossier médical – Mme Sophie LEROUX",
                       "Madame, Monsieur,\n\nMme Sophie Leroux, qui a déménagé à Nantes, souhaite "
                       "que son dossier médical soit transmis à son nouveau médecin traitant, "
                       "le Dr Emmanuel Meunier. Vous trouverez son accord écrit en pièce jointe.\n\n"
                       "Cordialement,\nL'accueil médical du centre de santé municipal de Nantes",
                       at(2, 10, 2), mid("dossier-leroux", "cds-nantes.mssante.test"))
    attach(original, samples.pdf_document("Autorisation de transmission du dossier médical", [
        "Je soussignée Sophie LEROUX, née le 03/11/1985,",
        "autorise le Dr Jean Dupont à transmettre mon dossier médical au Dr Emmanuel Meunier.",
        "", "Fait à Nantes, le %s" % samples.fr_date(at(3, 9))]), "application", "pdf",
        "Autorisation_LEROUX.pdf")
    fwd = message(P.secr, P.phys, "TR: Demande de copie de dossier médical – Mme Sophie LEROUX",
                  "Bonjour Docteur,\n\nJe vous transfère la demande reçue sur la boîte du secrétariat. "
                  "Pouvez-vous valider l'envoi du dossier ?\n\nNathalie", at(1, 18, 2), mid("tr-dossier-leroux"))
    fwd.add_attachment(original)
    m.append(Mail("physician", "INBOX", at(1, 18, 2), fwd.as_bytes(), mid("tr-dossier-leroux"), ["\\Seen"]))

    wound = samples.png_image(96, 72, lambda x, y: (230 - (abs(x - 48) + abs(y - 36)) // 2,
                                                    170 - abs(y - 36), 160 - abs(x - 48) // 2))
    msg = message(P.ide, P.phys, "Pansement Mme GARNIER – évolution de la plaie à J7",
                  "Bonjour Docteur,\n\nPhoto de la plaie de Mme Garnier (face antérieure de jambe "
                  "droite) prise ce matin à J7 : bourgeonnement correct, pas de signe d'infection. "
                  "Je poursuis les pansements tous les 2 jours.\n\nKarim Benali, IDE",
                  at(10, 8, 30), mid("plaie-garnier"))
    attach(msg, wound, "image", "png", "plaie_GARNIER_J7.png")
    m.append(Mail("physician", "INBOX", at(10, 8, 30), msg.as_bytes(), mid("plaie-garnier"), ["\\Seen"]))

    jeudi = TODAY + timedelta(days=(3 - TODAY.weekday()) % 7 or 7)
    m.append(Mail("physician", "INBOX", at(12, 13, 15), message(
        P.rcp, P.phys, "Convocation RCP cardiologie du jeudi %s" % jeudi.strftime("%d/%m"),
        "Bonjour,\n\nLa prochaine réunion de concertation pluridisciplinaire de cardiologie aura "
        "lieu le jeudi %s à 18 h, salle du 3e étage, bâtiment H1, ou en visioconférence.\n\n"
        "Dossier inscrit pour votre patientèle : M. Bernard Lefèvre.\n\nLe secrétariat de "
        "cardiologie" % jeudi.strftime("%d/%m/%Y"), at(12, 13, 15), mid("rcp", "chu-toulouse.mssante.test")),
        mid("rcp", "chu-toulouse.mssante.test"), ["\\Seen", "$label4"]))
    return m


def _xdm_lab_message(P, owner, folder, days, patient, results, slug, flags):
    """A structured MSSanté message: XDM subject, X-MSS-* headers, IHE_XDM.zip."""
    when = at(days, 7, 5)
    label = "Compte rendu d'examens biologiques"
    doc = dict(id="CRBIO-%s-%s" % (slug, when.strftime("%Y%m%d")), code="11502-2", code_label=label,
               title=label, when=when, patient=patient,
               author=dict(rpps=P.rpps(P.bio), family="FOURNIER", given="Émilie",
                           org="Laboratoire Bio-Occitanie - Site Purpan"), results=results)
    pdf_lines = ["Patient : %s %s - INS %s" % (patient["family"], patient["given"], patient["ins"]),
                 "Prélèvement du %s" % samples.fr_date(when), ""]
    pdf_lines += ["%s : %s %s (réf. %s)" % r for r in results]
    pdf_lines += ["", "Validé par Émilie Fournier, pharmacien biologiste"]
    z = samples.xdm_zip(doc, pdf_lines, P.phys[1], P.labo[0])
    subject = "XDM/1.0/DDM+%s %s %s %s" % (label, patient["family"], patient["given"],
                                           samples.fr_date(when))
    msg = message(P.labo, P.phys, subject,
                  "Bonjour,\n\nVeuillez trouver ci-joint le compte rendu d'examens biologiques de "
                  "%s %s au format IHE XDM (CDA R2 et copie PDF).\n\nLaboratoire Bio-Occitanie - "
                  "Site Purpan\nCe message a été envoyé par un automate, merci de ne pas y répondre."
                  % (patient["given"], patient["family"]), when,
                  mid(slug, "labo-bio-occitanie.mssante.test"),
                  headers={"X-MSS-CODECDA": "11502-2", "X-MSS-INS": "O",
                           "X-MSS-NIL": "LABO-BIO-OCCITANIE-SGL-7.2"})
    attach(msg, z, "application", "zip", "IHE_XDM.zip")
    return Mail(owner, folder, when, msg.as_bytes(), mid(slug, "labo-bio-occitanie.mssante.test"), flags)


def _bounce(P):
    """RFC 3464 delivery failure from a remote MSSanté operator for a message in Sent."""
    when = at(3, 10, 22)
    b = "=_bounce_demo_0001"
    human = ("Ceci est un message automatique de l'opérateur MSSanté medecin.mssante.test.\r\n\r\n"
             "Votre message n'a pas pu être remis au destinataire suivant :\r\n\r\n"
             "  <d.lambert@medecin.mssante.test> : adresse inconnue (550 5.1.1)\r\n\r\n"
             "Vérifiez l'adresse dans l'annuaire santé avant de renvoyer le message.\r\n")
    status = ("Reporting-MTA: dns; mx.medecin.mssante.test\r\n"
              "X-Postfix-Queue-ID: 4Z3hQm1FqLz9vQ\r\n"
              "Arrival-Date: %s\r\n\r\n"
              "Final-Recipient: rfc822; d.lambert@medecin.mssante.test\r\n"
              "Original-Recipient: rfc822;d.lambert@medecin.mssante.test\r\n"
              "Action: failed\r\nStatus: 5.1.1\r\n"
              "Remote-MTA: dns; lmtp.medecin.mssante.test\r\n"
              "Diagnostic-Code: smtp; 550 5.1.1 <d.lambert@medecin.mssante.test> User unknown\r\n"
              % format_datetime(at(3, 10, 21)))
    orig_headers = ("From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: %s\r\n"
                    % (enc_addr(P.phys), enc_addr(P.unknown), enc("Demande d'avis – Mme Hélène PETIT"),
                       format_datetime(at(3, 10, 21)), mid("avis-petit")))
    body = ("--%s\r\nContent-Description: Notification\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\n%s\r\n"
            "--%s\r\nContent-Description: Delivery report\r\nContent-Type: message/delivery-status\r\n\r\n%s\r\n"
            "--%s\r\nContent-Description: Undelivered Message Headers\r\nContent-Type: text/rfc822-headers\r\n\r\n%s\r\n"
            "--%s--\r\n" % (b, human, b, status, b, orig_headers, b)).encode("utf-8")
    raw = raw_message([
        "From: %s" % enc_addr(("Système de distribution du courrier", "MAILER-DAEMON@mx.medecin.mssante.test")),
        "To: %s" % enc_addr(P.phys),
        "Subject: %s" % enc("Échec de la remise : Demande d'avis – Mme Hélène PETIT"),
        "Date: %s" % format_datetime(when), "Message-ID: %s" % mid("bounce-avis-petit", "medecin.mssante.test"),
        "Auto-Submitted: auto-replied"],
        body, 'multipart/report; report-type=delivery-status;\r\n\tboundary="%s"' % b)
    return Mail("physician", "INBOX", when, raw, mid("bounce-avis-petit", "medecin.mssante.test"))


def _mdn(P):
    """RFC 8098 read receipt sent by the patient's Espace Santé for a message in Sent."""
    when = at(4, 19, 3)
    b = "=_mdn_demo_0001"
    human = ("Votre message « Résultats de votre bilan sanguin » adressé à Claire Moreau le %s "
             "a été lu le %s.\r\n" % (samples.fr_date(at(5, 18)), samples.fr_date(when)))
    report = ("Reporting-UA: Mon Espace Sante; messagerie de sante\r\n"
              "Original-Recipient: rfc822;%s\r\n"
              "Final-Recipient: rfc822;%s\r\n"
              "Original-Message-ID: %s\r\n"
              "Disposition: manual-action/MDN-sent-automatically; displayed\r\n"
              % (P.patient[1], P.patient[1], mid("resultats-moreau")))
    orig = ("From: %s\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: %s\r\n"
            % (enc_addr(P.phys), enc_addr(P.patient), enc("Résultats de votre bilan sanguin"),
               mid("resultats-moreau")))
    body = ("--%s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n%s\r\n"
            "--%s\r\nContent-Type: message/disposition-notification\r\n\r\n%s\r\n"
            "--%s\r\nContent-Type: text/rfc822-headers\r\n\r\n%s\r\n--%s--\r\n"
            % (b, human, b, report, b, orig, b)).encode("utf-8")
    raw = raw_message([
        "From: %s" % enc_addr(P.patient), "To: %s" % enc_addr(P.phys),
        "Subject: %s" % enc("Accusé de lecture : Résultats de votre bilan sanguin"),
        "Date: %s" % format_datetime(when), "Message-ID: %s" % mid("mdn-moreau", accounts.PATIENT_DOMAIN),
        "References: %s" % mid("resultats-moreau"), "Auto-Submitted: auto-replied"],
        body, 'multipart/report; report-type=disposition-notification;\r\n\tboundary="%s"' % b)
    return Mail("physician", "INBOX", when, raw, mid("mdn-moreau", accounts.PATIENT_DOMAIN), ["\\Seen"])


def enc_addr(p):
    return formataddr(p, charset="utf-8")


def _latin1_message(P):
    """Older software: ISO-8859-1 encoded-words and a quoted-printable Latin-1 body."""
    import quopri
    when = at(7, 11, 45)
    text = ("Bonjour Docteur,\n\nVoici le bilan kinésithérapique de M. André Faure après 10 séances "
            "de rééducation de l'épaule gauche : amplitude en élévation antérieure 150°, douleur "
            "à 2/10 à l'EVA, reprise du jardinage envisageable.\nJe préconise 10 séances "
            "supplémentaires.\n\nBien cordialement,\nCéline Roux, masseur-kinésithérapeute\n")
    body = quopri.encodestring(text.replace("\n", "\r\n").encode("latin-1"))
    raw = raw_message([
        "From: =?ISO-8859-1?Q?C=E9line_Roux?= <%s>" % P.kine[1], "To: %s" % enc_addr(P.phys),
        "Subject: =?ISO-8859-1?Q?Bilan_kin=E9sith=E9rapique_-_M=2E_Andr=E9_FAURE?=",
        "Date: %s" % format_datetime(when),
        "Message-ID: %s" % mid("bilan-kine-faure", "masseur-kinesitherapeute.mssante.test"),
        "X-Mailer: KineLogiciel 4.2",
        "Content-Transfer-Encoding: quoted-printable"],
        body, "text/plain; charset=ISO-8859-1")
    return Mail("physician", "INBOX", when, raw,
                mid("bilan-kine-faure", "masseur-kinesitherapeute.mssante.test"), ["\\Seen"])


def _raw_utf8_header_message(P):
    """Raw 8-bit UTF-8 in headers (RFC 6532 style), as some gateways send."""
    when = at(8, 14, 10)
    text = ("Cher confrère,\n\nIRM du genou droit de Mme Hélène Petit : lésion méniscale interne "
            "de grade 2, épanchement intra-articulaire modéré, pas de lésion ligamentaire.\n"
            "Avis orthopédique non urgent conseillé.\n\nDr Laurent Petit - Imagerie médicale, "
            "Clinique Pasteur\n")
    raw = raw_message([
        "From: Dr Laurent Petit – Imagerie <%s>" % P.radio[1], "To: Dr Jean Dupont <%s>" % P.phys[1],
        "Subject: Résultats IRM genou droit – Mme Hélène PETIT", "Date: %s" % format_datetime(when),
        "Message-ID: %s" % mid("irm-petit", "clinique-pasteur.mssante.test"),
        "Content-Transfer-Encoding: 8bit"],
        text.replace("\n", "\r\n").encode("utf-8"), "text/plain; charset=utf-8")
    return Mail("physician", "INBOX", when, raw, mid("irm-petit", "clinique-pasteur.mssante.test"),
                ["\\Seen", "\\Flagged", "$label3"])


def _physician_folders(P):
    m = []
    m.append(Mail("physician", "Laboratoire", at(15, 9, 40), message(
        P.labo, P.phys, "Résultats : M. Bernard LEFÈVRE – bilan lipidique",
        "Bonjour,\n\nRésultats du prélèvement du %s pour M. Bernard Lefèvre (né le 12/06/1952) :\n\n"
        "  Cholestérol total ......... 2,14 g/L   (< 2,00)\n"
        "  HDL-cholestérol ........... 0,48 g/L   (> 0,40)\n"
        "  LDL-cholestérol calculé ... 1,38 g/L   (objectif < 1,00 selon risque)\n"
        "  Triglycérides ............. 1,41 g/L   (< 1,50)\n\n"
        "Compte rendu validé par Émilie Fournier, pharmacien biologiste.\n\nLaboratoire Bio-Occitanie"
        % samples.fr_date(at(15, 7)), at(15, 9, 40), mid("lipides-lefevre", "labo-bio-occitanie.mssante.test")),
        mid("lipides-lefevre", "labo-bio-occitanie.mssante.test"), ["\\Seen"]))
    m.append(_xdm_lab_message(P, "physician", "Laboratoire", 22, PAUL, [
        ("Hémoglobine", "13,1", "g/dL", "13,0 - 17,0"), ("Plaquettes", "212", "G/L", "150 - 400"),
        ("Sodium", "139", "mmol/L", "136 - 145"), ("Potassium", "4,2", "mmol/L", "3,5 - 5,1"),
        ("Créatinine", "104", "µmol/L", "62 - 115"), ("INR", "2,6", "", "cible 2,0 - 3,0")],
        "crbio-blanc", ["\\Seen", "$label5"]))
    m.append(Mail("physician", "Laboratoire", at(30, 19, 5), message(
        P.labo, P.phys, "Résultat critique – kaliémie – Mme Françoise GARNIER",
        "Docteur,\n\nNous vous signalons un résultat critique pour Mme Françoise Garnier "
        "(née le 21/09/1957) : kaliémie à 6,1 mmol/L (3,5 - 5,1) sur le prélèvement de ce jour, "
        "sans hémolyse. Le biologiste de garde a tenté de vous joindre par téléphone à 18 h 50.\n\n"
        "Laboratoire Bio-Occitanie - biologiste de garde", at(30, 19, 5),
        mid("kaliemie-garnier", "labo-bio-occitanie.mssante.test"),
        headers={"Importance": "high", "X-Priority": "1 (Highest)"}),
        mid("kaliemie-garnier", "labo-bio-occitanie.mssante.test"), ["\\Seen", "\\Flagged", "\\Answered"]))

    diab = "Patients/Suivi diabète"
    m.append(Mail("physician", diab, at(2, 9, 41), message(
        P.endoc, P.phys, "Avis diabétologique – Mme Françoise GARNIER",
        "Cher confrère,\n\nJ'ai vu Mme Garnier en hôpital de jour. HbA1c à 8,1 % malgré "
        "metformine 1000 mg x 2. Je propose l'ajout d'un analogue du GLP-1 (sémaglutide 0,25 mg "
        "par semaine, titration sur 2 mois), fond d'œil à programmer et bilan podologique.\n\n"
        "Bien confraternellement,\nDr Pierre Bernard\nEndocrinologie-diabétologie - CHU Rangueil",
        at(2, 9, 41), mid("avis-garnier", "chu-toulouse.mssante.test")),
        mid("avis-garnier", "chu-toulouse.mssante.test"), ["\\Seen", "\\Flagged", "$label1"]))
    m.append(Mail("physician", diab, at(18, 11, 0), message(
        P.diab, P.phys, "HbA1c de Mme GARNIER et adaptation du traitement",
        "Bonjour Jean,\n\nL'HbA1c de Mme Garnier est remontée à 8,1 %. Vu son surpoids et son "
        "risque cardiovasculaire, un avis en hôpital de jour me paraît utile. Je peux lui "
        "réserver une place le mois prochain.\n\nAmicalement,\nLucie Martinez",
        at(18, 11, 0), mid("hba1c-garnier")), mid("hba1c-garnier"), ["\\Seen", "\\Answered"]))
    diet_pdf = samples.pdf_document("Bilan diététique", [
        "Patiente : Mme Françoise GARNIER", "Objectif : perte de 5 % du poids en 6 mois", "",
        "- 3 repas par jour, collation si activité physique", "- féculents à chaque repas, en quantité contrôlée",
        "- limiter les boissons sucrées et les jus de fruits", "- 30 minutes de marche par jour", "",
        "Audrey Barbier, diététicienne"], header="Cabinet de diététique Darcy - Dijon")
    msg = message(P.diet, P.phys, "Bilan diététique – Mme Françoise GARNIER",
                  "Bonjour Docteur,\n\nVeuillez trouver le bilan diététique de Mme Garnier, vue en "
                  "téléconsultation.\n\nCordialement,\nAudrey Barbier, diététicienne",
                  at(40, 14, 20), mid("diet-garnier", "dieteticien.mssante.test"))
    attach(msg, diet_pdf, "application", "pdf", "Bilan_dietetique_GARNIER.pdf")
    m.append(Mail("physician", diab, at(40, 14, 20), msg.as_bytes(),
                  mid("diet-garnier", "dieteticien.mssante.test"), ["\\Seen"]))

    msg = message(P.grades, P.phys, "Invitation : journées régionales de médecine générale",
                  "Bonjour,\n\nLes journées régionales de médecine générale auront lieu à Toulouse. "
                  "Inscription en ligne avant la fin du mois.\n", at(35, 10),
                  mid("congres", "esante-occitanie.test"),
                  html=html_page(["Bonjour,", "Les <b>journées régionales de médecine générale</b> "
                                  "auront lieu à Toulouse.", "Inscription en ligne avant la fin du mois."]))
    m.append(Mail("physician", "Trash", at(35, 10), msg.as_bytes(), mid("congres", "esante-occitanie.test"),
                  ["\\Seen"]))
    m.append(Mail("physician", "Trash", at(28, 8, 5), message(
        P.secr, P.phys, "Planning de la semaine (ancien)", "Bonjour Docteur,\n\nPlanning de la "
        "semaine : voir le tableau partagé.\n\nNathalie", at(28, 8, 5), mid("planning-ancien")),
        mid("planning-ancien"), ["\\Seen"]))

    echo = samples.pdf_document("Compte rendu d'échocardiographie transthoracique", [
        "Patient : M. Bernard LEFÈVRE", "FEVG : 60 % (Simpson biplan)", "Valves : fines, pas de fuite significative",
        "Péricarde sec", "", "Dr Sophie Martin"], header="CHU de Toulouse - Rangueil - Cardiologie")
    msg = message(P.cardio, P.phys, "Compte rendu d'échographie cardiaque – M. Bernard LEFÈVRE",
                  "Cher confrère,\n\nCi-joint le compte rendu de l'échocardiographie de M. Lefèvre.\n\n"
                  "Dr Sophie Martin", at(60, 15, 0), mid("echo-lefevre", "chu-toulouse.mssante.test"))
    attach(msg, echo, "application", "pdf", "ETT_LEFEVRE_Bernard.pdf")
    m.append(Mail("physician", "Archive", at(60, 15), msg.as_bytes(),
                  mid("echo-lefevre", "chu-toulouse.mssante.test"), ["\\Seen"]))
    return m


def _physician_sent_and_drafts(P):
    m = []
    m.append(Mail("physician", "Sent", at(20, 10, 5), message(
        P.phys, P.cardio, "Adressage patient – M. Bernard LEFÈVRE (consultation cardiologie)",
        "Chère consœur,\n\nJe vous adresse M. Bernard Lefèvre, 72 ans, hypertendu et dyslipidémique, "
        "pour une dyspnée d'effort d'apparition récente (NYHA II). ECG de repos sans particularité.\n"
        "Traitement : ramipril 5 mg, atorvastatine 20 mg.\n\nMerci de votre avis.\n"
        "Bien confraternellement," + SIG_DUPONT, at(20, 10, 5), mid("adressage-lefevre")),
        mid("adressage-lefevre"), ["\\Seen"]))
    results = samples.pdf_document("Bilan sanguin - Mme Claire MOREAU", [
        "Glycémie à jeun : 1,02 g/L (0,70 - 1,10)", "HbA1c : 5,6 %", "Créatinine : 68 µmol/L",
        "Cholestérol LDL : 1,21 g/L", "TSH : 1,84 mUI/L", "", "Résultats normaux - Dr Jean Dupont"])
    msg = message(P.phys, P.patient, "Résultats de votre bilan sanguin",
               "Bonjour Madame Moreau,\n\nVos résultats sont normaux, y compris la glycémie à jeun. "
               "Vous les trouverez en pièce jointe.\n\nBien cordialement," + SIG_DUPONT,
               at(5, 18, 20), mid("resultats-moreau"),
               headers={"Disposition-Notification-To": P.phys[1]})
    attach(msg, results, "application", "pdf", "Bilan_sanguin_MOREAU_Claire.pdf")
    raw = msg.as_bytes()
    m.append(Mail("physician", "Sent", at(5, 18, 20), raw, mid("resultats-moreau"), ["\\Seen"]))
    m.append(Mail("patient", "INBOX", at(5, 18, 20), raw, mid("resultats-moreau"), ["\\Seen", "$MDNSent"]))

    m.append(Mail("physician", "Sent", at(3, 10, 21), message(
        P.phys, P.unknown, "Demande d'avis – Mme Hélène PETIT",
        "Cher confrère,\n\nPourriez-vous recevoir Mme Hélène Petit, 58 ans, pour une lésion "
        "méniscale interne du genou droit (IRM jointe au dossier) ?\n\nBien confraternellement,"
        + SIG_DUPONT, at(3, 10, 21), mid("avis-petit")), mid("avis-petit"), ["\\Seen"]))
    m.append(Mail("physician", "Sent", at(5, 16, 2), message(
        P.phys, P.pharma, "RE: Renouvellement d'ordonnance – Mme Jacqueline ROUX",
        "Bonjour,\n\nJe vous confirme le renouvellement pour 3 mois (metformine 1000 mg matin et "
        "soir, ramipril 5 mg le matin). L'ordonnance est déposée au cabinet, Mme Roux passera la "
        "récupérer.\n\nCordialement," + SIG_DUPONT, at(5, 16, 2), mid("re-ordo-roux"),
        in_reply_to=mid("ordo-roux", "pharmacie-capitole.mssante.test")), mid("re-ordo-roux"), ["\\Seen"]))
    m.append(Mail("physician", "Sent", at(17, 9, 12), message(
        P.phys, P.diab, "RE: HbA1c de Mme GARNIER et adaptation du traitement",
        "Merci Lucie, je lui en parle à la prochaine consultation et je t'envoie la demande.\n\nJean",
        at(17, 9, 12), mid("re-hba1c-garnier"), in_reply_to=mid("hba1c-garnier")),
        mid("re-hba1c-garnier"), ["\\Seen"]))
    absence = message(P.phys, P.secr, "Absence vendredi après-midi – report des rendez-vous",
                   "Nathalie,\n\nJe serai absent vendredi après-midi (formation DPC). Merci de "
                   "reporter les rendez-vous et de prévenir les patients.\n\nJean",
                   at(1, 19, 30), mid("absence-vendredi"), cc=[P.orgbox])
    m.append(Mail("physician", "Sent", at(1, 19, 30), absence.as_bytes(), mid("absence-vendredi"), ["\\Seen"]))
    m.append(Mail("secretary", "INBOX", at(1, 19, 30), absence.as_bytes(), mid("absence-vendredi"), ["\\Seen"]))
    fin = message(P.phys, P.patient, "RE: Résultats de votre bilan sanguin",
               "Madame Moreau,\n\nVous pouvez reprendre une alimentation normale et équilibrée. "
               "Prochain contrôle dans un an.\n\nBien cordialement," + SIG_DUPONT,
               at(4, 21, 40), mid("fin-moreau"), headers={"X-MSS-MES": "FIN"},
               in_reply_to=mid("reply-moreau", accounts.PATIENT_DOMAIN))
    m.append(Mail("physician", "Sent", at(4, 21, 40), fin.as_bytes(), mid("fin-moreau"), ["\\Seen"]))
    m.append(Mail("patient", "INBOX", at(4, 21, 40), fin.as_bytes(), mid("fin-moreau")))

    m.append(Mail("physician", "Drafts", at(0, 13, 2), message(
        P.phys, P.endoc, "Demande de consultation – Mme GARNIER (rétinopathie ?)",
        "Cher confrère,\n\nSuite à votre avis, Mme Garnier a vu l'ophtalmologue : ", at(0, 13, 2),
        mid("draft-garnier")), mid("draft-garnier"), ["\\Draft", "\\Seen"]))
    draft = EmailMessage(policy=POLICY)
    draft["From"] = _addr(P.phys)
    draft["Subject"] = "Certificat médical – M. Paul BLANC"
    draft["Date"] = format_datetime(at(1, 12, 40))
    draft["Message-ID"] = mid("draft-certificat")
    draft.set_content("Je soussigné, Dr Jean Dupont, certifie avoir examiné ce jour M. Paul Blanc, ")
    m.append(Mail("physician", "Drafts", at(1, 12, 40), draft.as_bytes(), mid("draft-certificat"),
                  ["\\Draft", "\\Seen"]))
    return m


def _orgbox(P):
    m = []
    rdv_day = TODAY + timedelta(days=6)
    rdv = message(P.orgbox, P.patient, "Votre rendez-vous du %s" % samples.fr_date(rdv_day),
                  "Madame,\n\nNous vous confirmons votre rendez-vous avec le Dr Dupont le %s à "
                  "9 h 15 pour votre bilan annuel. Merci de venir à jeun si une prise de sang vous "
                  "a été prescrite.\n\nLe secrétariat du cabinet Dupont\n05 61 00 12 34"
                  % samples.fr_date(rdv_day), at(2, 10, 0), mid("rdv-moreau"))
    m.append(Mail("orgbox", "Sent", at(2, 10), rdv.as_bytes(), mid("rdv-moreau"), ["\\Seen"]))
    m.append(Mail("patient", "INBOX", at(2, 10), rdv.as_bytes(), mid("rdv-moreau"), ["\\Seen"]))
    m.append(Mail("orgbox", "INBOX", at(0, 8, 47), message(
        P.patient, P.orgbox, "RE: Votre rendez-vous du %s" % samples.fr_date(rdv_day),
        "Bonjour,\n\nJe ne pourrai pas venir à 9 h 15, serait-il possible de décaler le rendez-vous "
        "en fin de matinée ?\n\nMerci,\nClaire Moreau", at(0, 8, 47),
        mid("re-rdv-moreau", accounts.PATIENT_DOMAIN), in_reply_to=mid("rdv-moreau")),
        mid("re-rdv-moreau", accounts.PATIENT_DOMAIN)))
    m.append(Mail("orgbox", "INBOX", at(1, 11, 20), message(
        P.urgences, P.orgbox, "Demande de dossier – M. Paul BLANC",
        "Bonjour,\n\nM. Paul Blanc est hospitalisé en UHCD. Pourriez-vous nous transmettre la "
        "liste de ses traitements en cours et ses derniers résultats biologiques ?\n\n"
        "Le service des urgences - CHU Purpan", at(1, 11, 20),
        mid("dossier-blanc", "chu-toulouse.mssante.test")),
        mid("dossier-blanc", "chu-toulouse.mssante.test"), ["\\Seen", "\\Answered"]))
    m.append(Mail("orgbox", "INBOX", at(2, 9, 5), message(
        P.labo, P.orgbox, "Résultats disponibles – patients du cabinet",
        "Bonjour,\n\nLes résultats des prélèvements du %s sont disponibles sur le serveur de "
        "résultats pour 4 patients du cabinet.\n\nLaboratoire Bio-Occitanie" % samples.fr_date(at(3, 8)),
        at(2, 9, 5), mid("resultats-cabinet", "labo-bio-occitanie.mssante.test")),
        mid("resultats-cabinet", "labo-bio-occitanie.mssante.test"), ["\\Seen", "\\Flagged", "$label1"]))
    convoc = samples.pdf_document("Convocation en hôpital de jour", [
        "Mme Françoise GARNIER", "Hôpital de jour d'endocrinologie - CHU Rangueil, bâtiment H3",
        "Le %s à 8 h 00, à jeun" % samples.fr_date(TODAY + timedelta(days=21)), "",
        "Apporter : ordonnances en cours, carnet de glycémies, carte Vitale."])
    msg = message(P.endoc_service, P.orgbox, "Convocation de Mme Françoise GARNIER – hôpital de jour",
                  "Bonjour,\n\nVeuillez trouver la convocation de Mme Garnier en hôpital de jour "
                  "d'endocrinologie. Merci de la lui transmettre.\n\nLe secrétariat d'endocrinologie",
                  at(3, 16, 40), mid("convoc-garnier", "chu-toulouse.mssante.test"))
    attach(msg, convoc, "application", "pdf", "Convocation_GARNIER_Francoise.pdf")
    m.append(Mail("orgbox", "INBOX", at(3, 16, 40), msg.as_bytes(),
                  mid("convoc-garnier", "chu-toulouse.mssante.test")))
    m.append(Mail("orgbox", "INBOX", at(6, 14, 0), message(
        P.cds, P.orgbox, "Transfert de dossier – Mme Sophie LEROUX",
        "Bonjour,\n\nNous vous remercions de l'envoi du dossier de Mme Leroux, bien reçu.\n\n"
        "L'accueil médical du centre de santé municipal de Nantes", at(6, 14),
        mid("transfert-leroux", "cds-nantes.mssante.test")),
        mid("transfert-leroux", "cds-nantes.mssante.test"), ["\\Seen"]))
    return m


def _others(P):
    m = []
    m.append(Mail("secretary", "INBOX", at(0, 7, 55), message(
        P.phys, P.secr, "Ordonnances à préparer",
        "Nathalie,\n\nPeux-tu préparer les renouvellements pour Mme Roux, M. Lefèvre et M. Blanc ? "
        "Je les signerai entre deux consultations.\n\nMerci,\nJean", at(0, 7, 55), mid("ordos-a-preparer")),
        mid("ordos-a-preparer")))
    m.append(Mail("secretary", "INBOX", at(3, 12, 0), message(
        P.pharma, P.secr, "Horaires de garde – pharmacies du secteur",
        "Bonjour,\n\nVoici les pharmacies de garde du secteur pour le mois : la Pharmacie du "
        "Capitole assure les dimanches 1 et 3.\n\nCordialement,\nPharmacie du Capitole",
        at(3, 12), mid("gardes", "pharmacie-capitole.mssante.test")),
        mid("gardes", "pharmacie-capitole.mssante.test"), ["\\Seen"]))
    m.append(Mail("secretary", "INBOX", at(2, 17, 30), message(
        P.intern, P.secr, "Planning de l'interne – semaine prochaine",
        "Bonjour Nathalie,\n\nJe serai en cours de DES mardi matin ; je peux prendre des "
        "consultations le reste de la semaine.\n\nCamille", at(2, 17, 30), mid("planning-interne")),
        mid("planning-interne"), ["\\Seen"]))
    m.append(Mail("intern", "INBOX", at(1, 20, 15), message(
        P.phys, P.intern, "Supervision : dossiers à revoir",
        "Camille,\n\nOn revoit ensemble jeudi les dossiers de M. Faure (douleur thoracique) et de "
        "Mme Garnier (diabète déséquilibré).\n\nJean", at(1, 20, 15), mid("supervision")),
        mid("supervision"), ["\\Seen"]))
    cours = samples.pdf_document("Diabète de type 2 : stratégie thérapeutique", [
        "1. Objectifs glycémiques individualisés", "2. Metformine en première intention",
        "3. iSGLT2 ou aGLP-1 si maladie cardiovasculaire ou rénale", "4. Insulinothérapie basale"],
        header="DES de médecine générale - Faculté de santé de Toulouse")
    msg = message(P.endoc_service, P.intern, "Cours DES : diabète de type 2 – support",
                  "Bonjour,\n\nVoici le support du cours de mardi.\n\nService d'endocrinologie",
                  at(4, 18), mid("cours-des", "chu-toulouse.mssante.test"))
    attach(msg, cours, "application", "pdf", "DES_diabete_type2.pdf")
    m.append(Mail("intern", "INBOX", at(4, 18), msg.as_bytes(), mid("cours-des", "chu-toulouse.mssante.test")))
    return m


# --- placement ---------------------------------------------------------------------------

FOLDERS = {"physician": ["Laboratoire", "Patients", "Patients/Suivi diabète"]}


def seed(layout, env):
    if os.path.exists(layout.seed_marker):
        with open(layout.seed_marker) as f:
            summary = json.load(f)
        summary["already_seeded"] = True
        return summary
    started = time.monotonic()
    mails = build(env)
    acc = {a["key"]: a for a in env["accounts"]}
    placed, skipped, counts = 0, 0, {}
    for owner in sorted({m.owner for m in mails}):
        conn = imapc.connect(env, acc[owner]["login"], acc[owner]["password"])
        try:
            for folder in FOLDERS.get(owner, []):
                imapc.ensure_folder(conn, folder)
            for mail in (m for m in mails if m.owner == owner):
                if imapc.has_message_id(conn, mail.folder, mail.message_id):
                    skipped += 1
                    continue
                imapc.append(conn, mail.folder, mail.flags, mail.when, mail.raw)
                placed += 1
                key = "%s:%s" % (acc[owner]["email"], mail.folder)
                counts[key] = counts.get(key, 0) + 1
        finally:
            conn.logout()
    summary = {"seeded": placed, "skipped_existing": skipped, "folders": counts,
               "seconds": round(time.monotonic() - started, 2)}
    write_file(layout.seed_marker, json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    return summary
