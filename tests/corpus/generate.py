#!/usr/bin/env python3
"""Writes the mail corpus used by tests/mime_corpus.rs.

The .eml files are committed; this script is their source of truth, because several hold
bytes an editor would silently "fix" (raw latin-1 headers, NULs, bare CRs, missing final
newlines). Regenerate with `python3 tests/corpus/generate.py` after changing it.

Every person, address and result below is invented. Standard library only.
"""
import base64
import os
import random
import sys

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.realpath(__file__))


def crlf(text):
    """Message text written with \\n, put on the wire with CRLF like a real server does."""
    return text.replace("\n", "\r\n").encode("utf-8")


def b64_lines(data, width=76):
    enc = base64.b64encode(data).decode("ascii")
    return "\n".join(enc[i:i + width] for i in range(0, len(enc), width))


# A tiny but structurally valid PDF, so the attachments look like what labs really send.
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")

COMMON = """From: "Dr Claire Martin" <claire.martin@medecin.mssante.fr>
To: Secretariat Cardiologie <cardio@ch-exemple.mssante.fr>
Date: Tue, 12 Mar 2024 09:15:00 +0100
MIME-Version: 1.0
"""


def malformed():
    m = {}
    m["empty.eml"] = b""

    rng = random.Random(20240312)
    m["binary-junk.eml"] = bytes(rng.randrange(256) for _ in range(4096))

    # Only headers: no blank line, no body, no final newline.
    m["headers-only.eml"] = crlf(COMMON + "Message-ID: <only-headers@medecin.mssante.fr>\n"
                                 "Subject: Convocation consultation").rstrip(b"\r\n")

    m["missing-message-id.eml"] = crlf(COMMON + """Subject: Sans identifiant
Content-Type: text/plain; charset=utf-8

Bonjour, ce message n'a pas de Message-ID.
""")

    # An unknown charset in an encoded word and on the body; the bytes are really latin-1.
    m["bad-charset.eml"] = (crlf(COMMON + """Message-ID: <bad-charset@medecin.mssante.fr>
Subject: =?x-inconnu?Q?Compte_rendu_=E9chographie?= du patient
Content-Type: text/plain; charset="x-inconnu"
Content-Transfer-Encoding: 8bit

""") + "Patient vu en consultation, r\xe9sultats normaux.\r\n".encode("latin-1"))

    # Raw 8-bit latin-1 in Subject and From, as some old lab systems still send.
    m["latin1-raw-headers.eml"] = (
        "From: H\xe9l\xe8ne Durand <helene.durand@labo.mssante.fr>\r\n"
        "To: claire.martin@medecin.mssante.fr\r\n"
        "Date: Wed, 13 Mar 2024 16:40:12 +0000\r\n"
        "Message-ID: <latin1@labo.mssante.fr>\r\n"
        "Subject: R\xe9sultats d'analyses\r\n"
        "Content-Type: text/plain; charset=iso-8859-1\r\n"
        "\r\n"
        "Les r\xe9sultats sont disponibles.\r\n").encode("latin-1")

    # Raw UTF-8 headers (RFC 6532): legal, and common from modern clients.
    m["utf8-raw-headers.eml"] = crlf("""From: Élodie Bérenger <elodie.berenger@medecin.mssante.fr>
To: claire.martin@medecin.mssante.fr
Date: Wed, 13 Mar 2024 08:00:00 +0100
Message-ID: <utf8-raw@medecin.mssante.fr>
Subject: Résultats échographie — à revoir
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Échographie abdominale : pas d'anomalie décelée.
""")

    # Folding with tabs, blank-looking continuation lines and an encoded word split in two.
    m["folded-headers.eml"] = crlf(COMMON + """Message-ID:
 <folded@medecin.mssante.fr>
Subject: Demande d'avis
\tcardiologique
   pour =?UTF-8?Q?M=2E?=
 =?UTF-8?Q?_Dupont?=
Content-Type: text/plain;
\tcharset="utf-8"

Merci de votre retour.
""")

    m["multipart-no-boundary.eml"] = crlf(COMMON + """Message-ID: <no-boundary@medecin.mssante.fr>
Subject: Pas de boundary
Content-Type: multipart/mixed

--XYZ
Content-Type: text/plain

Texte du message.
--XYZ--
""")

    # The closing delimiter never comes and the attachment stops mid-base64.
    pdf = b64_lines(PDF * 20)
    m["truncated-multipart.eml"] = crlf(COMMON + """Message-ID: <truncated@medecin.mssante.fr>
Subject: Message tronque
Content-Type: multipart/mixed; boundary="=_coupe"

--=_coupe
Content-Type: text/plain; charset=utf-8

Voici le compte rendu en pièce jointe.
--=_coupe
Content-Type: application/pdf; name="cr.pdf"
Content-Disposition: attachment; filename="cr.pdf"
Content-Transfer-Encoding: base64

""" + pdf[: len(pdf) // 2])

    m["bad-base64.eml"] = crlf(COMMON + """Message-ID: <bad-base64@medecin.mssante.fr>
Subject: Base64 abime
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

Qm9uam91ciwgdm9pY2kgbGUgZG9zc2llci4=
--b1
Content-Type: application/pdf; name="dossier.pdf"
Content-Disposition: attachment; filename="dossier.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQK!!!ceci n'est pas du base64 ***
%%%%
--b1--
""")

    m["bad-quoted-printable.eml"] = crlf(COMMON + """Message-ID: <bad-qp@medecin.mssante.fr>
Subject: QP abime
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

R=C3=A9sultat =ZZ normal, suite=
 =E9 sans fin de s=
""")

    inner = """From: Laboratoire <labo@labo.mssante.fr>
To: claire.martin@medecin.mssante.fr
Date: Mon, 11 Mar 2024 18:02:00 +0100
Message-ID: <inner@labo.mssante.fr>
Subject: =?UTF-8?Q?R=C3=A9sultats_biologie?=
Content-Type: multipart/mixed; boundary="inner"

--inner
Content-Type: text/plain; charset=utf-8

Résultats en pièce jointe.
--inner
Content-Type: application/pdf; name="bio.pdf"
Content-Disposition: attachment; filename="bio.pdf"
Content-Transfer-Encoding: base64

""" + b64_lines(PDF) + """
--inner--
"""
    m["nested-rfc822.eml"] = crlf(COMMON + """Message-ID: <forward@medecin.mssante.fr>
Subject: Tr: Résultats biologie
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: text/plain; charset=utf-8

Je vous transfère les résultats.
--outer
Content-Type: message/rfc822

""" + inner + """
--outer--
""")

    # Far deeper than any real client goes.
    depth = 300
    body = "Content-Type: text/plain\n\nFond du puits.\n"
    for level in reversed(range(depth)):
        body = ("Content-Type: multipart/mixed; boundary=\"n%d\"\n\n--n%d\n%s\n--n%d--\n"
                % (level, level, body, level))
    m["deep-multipart.eml"] = crlf(COMMON + "Message-ID: <deep@medecin.mssante.fr>\n"
                                   "Subject: Imbrication profonde\n" + body)

    long_subject = "Tres long sujet " + "x" * 100_000
    refs = " ".join("<ref%d@medecin.mssante.fr>" % i for i in range(3000))
    tos = ", ".join("dest%d@ch-exemple.mssante.fr" % i for i in range(2000))
    m["long-header-lines.eml"] = crlf(COMMON.replace("To: Secretariat Cardiologie <cardio@ch-exemple.mssante.fr>\n", "") +
                                      "To: " + tos + "\nMessage-ID: <long@medecin.mssante.fr>\n"
                                      "References: " + refs + "\nSubject: " + long_subject +
                                      "\nContent-Type: text/plain\n\nCorps court.\n")

    # LF-only header block, a bare CR inside the body, NULs and control bytes in a header.
    m["mixed-line-endings.eml"] = (
        b"From: claire.martin@medecin.mssante.fr\n"
        b"To: cardio@ch-exemple.mssante.fr\r\n"
        b"Date: Tue, 12 Mar 2024 09:15:00 +0100\n"
        b"Message-ID: <eol@medecin.mssante.fr>\n"
        b"Subject: Fins de\x00 ligne\x07 melangees\r\n"
        b"\n"
        b"Ligne un\rLigne deux\r\nLigne trois\n")

    # A raw latin-1 filename, as old Windows clients send instead of RFC 2231.
    m["latin1-raw-filename.eml"] = crlf(COMMON + """Message-ID: <raw-filename@medecin.mssante.fr>
Subject: Ordonnance
Content-Type: multipart/mixed; boundary="f"

--f
Content-Type: text/plain; charset=utf-8

Ci-joint l'ordonnance.
--f
Content-Type: application/pdf
Content-Disposition: attachment; filename="__NAME__"
Content-Transfer-Encoding: base64

""" + b64_lines(PDF) + """
--f--
""").replace(b"__NAME__", "ordonnance r\xe9nov\xe9e.pdf".encode("latin-1"))

    m["bad-date.eml"] = crlf("""From: claire.martin@medecin.mssante.fr
To: cardio@ch-exemple.mssante.fr
Date: lundi 32 fevrier a midi
Message-ID: <bad-date@medecin.mssante.fr>
Subject: Date invalide

Corps.
""")

    m["mbox-from-line.eml"] = crlf("From claire.martin@medecin.mssante.fr Tue Mar 12 09:15:00 2024\n" +
                                   COMMON + """Message-ID: <mbox@medecin.mssante.fr>
Subject: Ligne From d'mbox

Corps.
""")

    m["unterminated-encoded-word.eml"] = crlf(COMMON + """Message-ID: <unterminated@medecin.mssante.fr>
Subject: Objet =?UTF-8?B?UsOpc3VsdGF0cw
Content-Type: text/plain

Corps.
""")

    # HTML only, with unclosed tags, script, style, comments and entities.
    m["broken-html-only.eml"] = crlf(COMMON + """Message-ID: <broken-html@medecin.mssante.fr>
Subject: HTML seulement
Content-Type: text/html; charset=utf-8

<html><head><style>p { color: red }</style><script>alert("x")</script></head>
<body><!-- commentaire --><p>Cher confr&egrave;re,<br>le patient est &#224; revoir
<div><b>Tension&nbsp;: 14/9 &amp; pouls normal<p>Bien confraternellement
""")
    return m


def wellformed():
    m = {}
    m["newsletter-html.eml"] = crlf("""From: "ARS Exemple" <information@ars-exemple.mssante.fr>
To: claire.martin@medecin.mssante.fr
Date: Thu, 14 Mar 2024 07:30:00 +0100
Message-ID: <lettre-2024-03@ars-exemple.mssante.fr>
Subject: =?UTF-8?Q?Lettre_d=E2=80=99information_=E2=80=94_campagne_de_vaccination?=
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="alt"

--alt
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Campagne de vaccination contre la grippe : elle d=C3=A9bute le 15 octobre.
--alt
Content-Type: multipart/related; boundary="rel"

--rel
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

<html><body><img src=3D"cid:logo@ars"><h1>Campagne de vaccination</h1>
<p>Elle d=C3=A9bute le 15 octobre.</p></body></html>
--rel
Content-Type: image/png
Content-ID: <logo@ars>
Content-Disposition: inline; filename="logo.png"
Content-Transfer-Encoding: base64

""" + b64_lines(PNG) + """
--rel--
--alt--
""")

    m["lab-result-pdf.eml"] = crlf("""From: =?ISO-8859-1?Q?Laboratoire_Biologie_M=E9dicale?= <resultats@labo.mssante.fr>
To: "Dr Claire Martin" <claire.martin@medecin.mssante.fr>
Cc: patient.suivi@ch-exemple.mssante.fr
Reply-To: secretariat@labo.mssante.fr
Date: Fri, 15 Mar 2024 11:05:43 +0100
Message-ID: <cr-123456@labo.mssante.fr>
Subject: =?ISO-8859-1?Q?R=E9sultats_d'analyses_-_DUPONT_Jean?=
Disposition-Notification-To: resultats@labo.mssante.fr
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="lab"

--lab
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Bonjour Docteur,

Veuillez trouver ci-joint le compte rendu d'échographie de M. DUPONT Jean.

Laboratoire de biologie médicale
--lab
Content-Type: application/pdf
Content-Disposition: attachment;
 filename*=UTF-8''compte-rendu%20%C3%A9chographie.pdf
Content-Transfer-Encoding: base64

""" + b64_lines(PDF) + """
--lab--
""")

    m["mdn.eml"] = crlf("""From: claire.martin@medecin.mssante.fr
To: resultats@labo.mssante.fr
Date: Fri, 15 Mar 2024 11:20:00 +0100
Message-ID: <mdn-1@medecin.mssante.fr>
Subject: =?UTF-8?Q?Accus=C3=A9_de_lecture?=
MIME-Version: 1.0
Content-Type: multipart/report; report-type=disposition-notification;
 boundary="mdn"

--mdn
Content-Type: text/plain; charset=utf-8

Votre message a été lu par claire.martin@medecin.mssante.fr.
--mdn
Content-Type: message/disposition-notification

Reporting-UA: medimail
Final-Recipient: rfc822;claire.martin@medecin.mssante.fr
Original-Message-ID: <cr-123456@labo.mssante.fr>
Disposition: manual-action/MDN-sent-manually; displayed
--mdn--
""")

    m["dsn.eml"] = crlf("""From: MAILER-DAEMON@mssante.fr (Mail Delivery System)
To: claire.martin@medecin.mssante.fr
Date: Fri, 15 Mar 2024 11:30:00 +0100
Message-ID: <dsn-1@mssante.fr>
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"

--dsn
Content-Type: text/plain; charset=us-ascii

Your message could not be delivered to one or more recipients.
--dsn
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.mssante.fr

Final-Recipient: rfc822; inconnu@ch-exemple.mssante.fr
Action: failed
Status: 5.1.1
--dsn
Content-Type: text/rfc822-headers

From: claire.martin@medecin.mssante.fr
Subject: Demande d'avis
--dsn--
""")

    m["structured-xdm.eml"] = crlf("""From: dmp.service@hopital.mssante.fr
To: claire.martin@medecin.mssante.fr
Date: Fri, 15 Mar 2024 14:00:00 +0100
Message-ID: <xdm-1@hopital.mssante.fr>
Subject: =?UTF-8?Q?XDM/1=2E0/DDM+Compte_rendu_DUPONT_J=C3=A9r=C3=B4me_20240315?=
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="xdm"

--xdm
Content-Type: text/plain; charset=utf-8

Document structuré joint.
--xdm
Content-Type: application/zip; name="IHE_XDM.ZIP"
Content-Disposition: attachment; filename="IHE_XDM.ZIP"
Content-Transfer-Encoding: base64

UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==
--xdm--
""")

    # Two different messages that claim the same Message-ID (a resend after an edit).
    for name, text in (("dup-id-a.eml", "Première version du courrier."),
                       ("dup-id-b.eml", "Seconde version du courrier, corrigée.")):
        m[name] = crlf(COMMON + """Message-ID: <meme-id@medecin.mssante.fr>
Subject: Courrier de sortie
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

""" + text + "\n")
    return m


def write(folder, files):
    path = os.path.join(HERE, folder)
    os.makedirs(path, exist_ok=True)
    for stale in os.listdir(path):
        if stale.endswith(".eml") and stale not in files:
            os.remove(os.path.join(path, stale))
    for name, data in sorted(files.items()):
        with open(os.path.join(path, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    write("malformed", malformed())
    write("wellformed", wellformed())
