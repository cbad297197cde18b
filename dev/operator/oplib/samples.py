"""Small but valid attachments built with the standard library: PDF, PNG, IHE XDM zip, CDA.

They only need to open in a viewer and look plausible: a letter, a scanned prescription,
a lab report, not typography.
"""
import hashlib
import io
import math
import random
import struct
import zipfile
import zlib
from datetime import datetime
from xml.sax.saxutils import escape

# --- PDF ---------------------------------------------------------------------------------


def _pdf_text(s):
    """PDF string literal in WinAnsiEncoding (Latin-1 covers French accents)."""
    raw = s.replace("’", "'").replace("–", "-").replace("œ", "oe").encode("latin-1", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_document(title, lines, header="", footer=""):
    """A one-page A4 PDF: optional header line, bold title, body lines, footer."""
    ops = [b"BT /F2 9 Tf 56 800 Td " + _pdf_text(header) + b" Tj ET"] if header else []
    ops.append(b"BT /F2 15 Tf 56 760 Td " + _pdf_text(title) + b" Tj ET")
    y = 730
    for line in lines:
        ops.append(b"BT /F1 11 Tf 56 %d Td " % y + _pdf_text(line) + b" Tj ET")
        y -= 16 if line else 10
        if y < 80:
            break
    if footer:
        ops.append(b"BT /F1 8 Tf 56 40 Td " + _pdf_text(footer) + b" Tj ET")
    ops.append(b"0.2 0.4 0.7 RG 1.5 w 56 748 m 539 748 l S")
    content = b"\n".join(ops)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Title " + _pdf_text(title) + b" /Producer (Medimail test operator) >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info 7 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


# --- PNG ---------------------------------------------------------------------------------


def _png_chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def png_image(width, height, pixel):
    """RGB PNG; `pixel(x, y)` returns an (r, g, b) tuple."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter type: none
        for x in range(width):
            rows.extend(pixel(x, y))
    return (b"\x89PNG\r\n\x1a\n"
            + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + _png_chunk(b"IDAT", zlib.compress(bytes(rows), 9))
            + _png_chunk(b"IEND", b""))


def logo_png(size=64, rgb=(0, 102, 153)):
    """A rounded square with a white cross: a health-organisation logo."""
    half, arm = size / 2, size / 8

    def px(x, y):
        if abs(x - half) < arm and abs(y - half) < size * 0.32 or \
                abs(y - half) < arm and abs(x - half) < size * 0.32:
            return (255, 255, 255)
        corner = min(x, size - 1 - x) < 6 and min(y, size - 1 - y) < 6
        return (255, 255, 255) if corner else rgb
    return png_image(size, size, px)


def scan_png(width=240, height=320, seed=7):
    """A greyish 'scanned prescription': header band, text-like bars, a signature squiggle."""
    rnd = random.Random(seed)
    lines = [(40 + 18 * i, 20, 20 + rnd.randint(90, 200)) for i in range(12)]

    def px(x, y):
        if y < 28:
            return (40, 90, 150) if 8 < y < 22 and 20 < x < 170 else (235, 240, 245)
        for top, x0, x1 in lines:
            if top <= y < top + 5 and x0 <= x < x1 and (x // 7) % 5:
                return (60, 60, 70)
        if 270 < y < 300 and 140 < x < 220 and abs((y - 285) - 10 * math.sin(x / 9.0)) < 1.5:
            return (20, 40, 120)
        return (246, 244, 238)
    return png_image(width, height, px)


# --- CDA R2 and IHE XDM ------------------------------------------------------------------

INS_OID = "1.2.250.1.213.1.4.8"  # INS-NIR
RPPS_OID = "1.2.250.1.71.4.2.1"  # national identifier of health professionals (8 + RPPS)


def cda_document(doc):
    """A CDA R2 document shaped like the French CI-SIS (header + one structured section).

    `doc` keys: id, code, code_label, title, when (datetime), patient (dict: ins, family,
    given, sex, birth), author (dict: rpps, family, given, org), results (list of
    (label, value, unit, range))."""
    p, a = doc["patient"], doc["author"]
    ts = doc["when"].strftime("%Y%m%d%H%M%S+0100")
    rows = "".join(
        "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>" % tuple(escape(c) for c in r)
        for r in doc["results"])
    return """<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <realmCode code="FR"/>
  <typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>
  <templateId root="2.16.840.1.113883.2.8.2.1" assigningAuthorityName="HL7 France"/>
  <templateId root="1.2.250.1.213.1.1.1.1" assigningAuthorityName="CI-SIS"/>
  <id root="1.2.250.1.213.1.1.9" extension="{id}"/>
  <code code="{code}" codeSystem="2.16.840.1.113883.6.1" displayName="{code_label}"/>
  <title>{title}</title>
  <effectiveTime value="{ts}"/>
  <confidentialityCode code="N" codeSystem="2.16.840.1.113883.5.25"/>
  <languageCode code="fr-FR"/>
  <setId root="1.2.250.1.213.1.1.9" extension="{id}-set"/>
  <versionNumber value="1"/>
  <recordTarget>
    <patientRole>
      <id root="{ins_oid}" extension="{ins}" assigningAuthorityName="INS-NIR"/>
      <patient>
        <name><given>{given}</given><family qualifier="BR">{family}</family></name>
        <administrativeGenderCode code="{sex}" codeSystem="2.16.840.1.113883.5.1"/>
        <birthTime value="{birth}"/>
      </patient>
    </patientRole>
  </recordTarget>
  <author>
    <time value="{ts}"/>
    <assignedAuthor>
      <id root="{rpps_oid}" extension="8{rpps}"/>
      <assignedPerson><name><prefix>Dr</prefix><given>{a_given}</given><family>{a_family}</family></name></assignedPerson>
      <representedOrganization><name>{org}</name></representedOrganization>
    </assignedAuthor>
  </author>
  <custodian>
    <assignedCustodian><representedCustodianOrganization>
      <id root="1.2.250.1.71.4.2.2" extension="1310000000"/><name>{org}</name>
    </representedCustodianOrganization></assignedCustodian>
  </custodian>
  <legalAuthenticator>
    <time value="{ts}"/><signatureCode code="S"/>
    <assignedEntity><id root="{rpps_oid}" extension="8{rpps}"/>
      <assignedPerson><name><given>{a_given}</given><family>{a_family}</family></name></assignedPerson>
    </assignedEntity>
  </legalAuthenticator>
  <component>
    <structuredBody>
      <component>
        <section>
          <code code="{code}" codeSystem="2.16.840.1.113883.6.1" displayName="{code_label}"/>
          <title>{title}</title>
          <text>
            <table border="1">
              <thead><tr><th>Examen</th><th>Résultat</th><th>Unité</th><th>Valeurs de référence</th></tr></thead>
              <tbody>{rows}</tbody>
            </table>
          </text>
        </section>
      </component>
    </structuredBody>
  </component>
</ClinicalDocument>
""".format(id=doc["id"], code=doc["code"], code_label=escape(doc["code_label"]),
           title=escape(doc["title"]), ts=ts, ins_oid=INS_OID, ins=p["ins"],
           given=escape(p["given"]), family=escape(p["family"]), sex=p["sex"], birth=p["birth"],
           rpps_oid=RPPS_OID, rpps=a["rpps"], a_given=escape(a["given"]),
           a_family=escape(a["family"]), org=escape(a["org"]), rows=rows).encode("utf-8")


def _slot(name, *values):
    vals = "".join("<rim:Value>%s</rim:Value>" % escape(v) for v in values)
    return '<rim:Slot name="%s"><rim:ValueList>%s</rim:ValueList></rim:Slot>' % (name, vals)


def _classification(scheme, node, code, label, coding_scheme, obj, slots=None):
    """An ebRIM classification: a coded value, or for the author only slots (`slots`)."""
    inner = slots if slots is not None else (
        _slot("codingScheme", coding_scheme)
        + '<rim:Name><rim:LocalizedString value="%s"/></rim:Name>' % escape(label))
    return ('<rim:Classification classificationScheme="%s" classifiedObject="%s" id="cl-%s-%s" '
            'nodeRepresentation="%s">%s</rim:Classification>'
            % (scheme, obj, node, obj, escape(code), inner))


def _extrinsic(obj_id, uri, mime, data, doc, format_code):
    p, a = doc["patient"], doc["author"]
    pid = "%s^^^&%s&ISO" % (p["ins"], INS_OID)
    author = "8%s^%s^%s^^^^^^&1.2.250.1.71.4.2.1&ISO" % (a["rpps"], a["family"], a["given"])
    return (
        '<rim:ExtrinsicObject id="%s" mimeType="%s" objectType="urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1">'
        % (obj_id, mime)
        + _slot("creationTime", doc["when"].strftime("%Y%m%d%H%M%S"))
        + _slot("languageCode", "fr-FR")
        + _slot("serviceStartTime", doc["when"].strftime("%Y%m%d%H%M%S"))
        + _slot("sourcePatientId", pid)
        + _slot("sourcePatientInfo", "PID-5|%s^%s^^^^^L" % (p["family"], p["given"]),
                "PID-7|%s" % p["birth"], "PID-8|%s" % p["sex"])
        + _slot("hash", hashlib.sha1(data).hexdigest())
        + _slot("size", str(len(data)))
        + _slot("URI", uri)
        + '<rim:Name><rim:LocalizedString value="%s"/></rim:Name>' % escape(doc["title"])
        + _classification("urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d", "author", "", "", "",
                          obj_id, slots=_slot("authorPerson", author)
                          + _slot("authorInstitution", a["org"]))
        + _classification("urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a", "class", "10",
                          "Compte rendu", "1.2.250.1.213.1.1.4.1", obj_id)
        + _classification("urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f", "conf", "N",
                          "Normal", "2.16.840.1.113883.5.25", obj_id)
        + _classification("urn:uuid:a09d5840-386c-46f2-b5ad-9c3699a4309d", "format", format_code,
                          "Format", "1.2.250.1.213.1.1.4.2.282", obj_id)
        + _classification("urn:uuid:f33fb8ac-18af-42cc-ae0e-ed0b0bdb91e1", "facility", "SA07",
                          "Cabinet de médecin", "1.2.250.1.71.4.2.4", obj_id)
        + _classification("urn:uuid:cccf5598-8b07-4b77-a05e-ae952c785ead", "practice", "ETABLISSEMENT",
                          "Établissement de santé", "1.2.250.1.213.1.1.4.9", obj_id)
        + _classification("urn:uuid:f0306f51-975f-434e-a61c-c59651d33983", "type", doc["code"],
                          doc["code_label"], "2.16.840.1.113883.6.1", obj_id)
        + '<rim:ExternalIdentifier id="ei-pid-%s" registryObject="%s" '
          'identificationScheme="urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427" value="%s">'
          '<rim:Name><rim:LocalizedString value="XDSDocumentEntry.patientId"/></rim:Name>'
          '</rim:ExternalIdentifier>' % (obj_id, obj_id, escape(pid))
        + '<rim:ExternalIdentifier id="ei-uid-%s" registryObject="%s" '
          'identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab" value="1.2.250.1.213.1.1.9.%s.%s">'
          '<rim:Name><rim:LocalizedString value="XDSDocumentEntry.uniqueId"/></rim:Name>'
          '</rim:ExternalIdentifier>' % (obj_id, obj_id, doc["id"], obj_id[-1])
        + "</rim:ExtrinsicObject>")


def xdm_metadata(doc, cda, pdf, recipient):
    p = doc["patient"]
    pid = "%s^^^&%s&ISO" % (p["ins"], INS_OID)
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<lcm:SubmitObjectsRequest xmlns:lcm="urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0" '
        'xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0">'
        "<rim:RegistryObjectList>"
        + _extrinsic("Document01", "DOC0001.XML", "text/xml", cda, doc,
                     "urn:ihe:lab:xd-lab:2008")
        + _extrinsic("Document02", "DOC0002.PDF", "application/pdf", pdf, doc,
                     "urn:ihe:iti:xds-sd:pdf:2008")
        + '<rim:RegistryPackage id="SubmissionSet01" objectType="urn:uuid:a54d6aa5-d40d-43f9-88c5-b4633d873bdd">'
        + _slot("submissionTime", doc["when"].strftime("%Y%m%d%H%M%S"))
        + _slot("intendedRecipient", "|%s^^Internet^%s" % (recipient, recipient))
        + '<rim:Name><rim:LocalizedString value="%s"/></rim:Name>' % escape(doc["title"])
        + _classification("urn:uuid:aa543740-bdda-424e-8c96-df4873be8500", "ct", "04",
                          "Hospitalisation de jour", "1.2.250.1.213.2.2", "SubmissionSet01")
        + '<rim:ExternalIdentifier id="ei-ss-pid" registryObject="SubmissionSet01" '
          'identificationScheme="urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446" value="%s">'
          '<rim:Name><rim:LocalizedString value="XDSSubmissionSet.patientId"/></rim:Name>'
          '</rim:ExternalIdentifier>' % escape(pid)
        + '<rim:ExternalIdentifier id="ei-ss-uid" registryObject="SubmissionSet01" '
          'identificationScheme="urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8" value="1.2.250.1.213.1.1.9.%s.0">'
          '<rim:Name><rim:LocalizedString value="XDSSubmissionSet.uniqueId"/></rim:Name>'
          '</rim:ExternalIdentifier>' % doc["id"]
        + "</rim:RegistryPackage>"
        + '<rim:Classification id="cl-ss" classifiedObject="SubmissionSet01" '
          'classificationNode="urn:uuid:a54d6aa5-d40d-43f9-88c5-b4633d873bdd"/>'
        + "".join('<rim:Association id="as-%d" associationType="urn:oasis:names:tc:ebxml-regrep:'
                  'AssociationType:HasMember" sourceObject="SubmissionSet01" targetObject="%s">'
                  '%s</rim:Association>' % (i, t, _slot("SubmissionSetStatus", "Original"))
                  for i, t in enumerate(["Document01", "Document02"], 1))
        + "</rim:RegistryObjectList></lcm:SubmitObjectsRequest>\n")
    return body.encode("utf-8")


def xdm_zip(doc, pdf_lines, recipient, sender_label):
    """IHE_XDM.zip: README.TXT, INDEX.HTM, IHE_XDM/SUBSET01/{METADATA.XML, DOC0001.XML, DOC0002.PDF}."""
    cda = cda_document(doc)
    pdf = pdf_document(doc["title"], pdf_lines, header=doc["author"]["org"],
                       footer="Document généré pour le banc de test Medimail - données fictives")
    meta = xdm_metadata(doc, cda, pdf, recipient)
    readme = ("Ce support contient des documents de santé au format IHE XDM.\r\n"
              "Émetteur : %s\r\nLogiciel : Opérateur de test Medimail 1.0\r\n"
              "Date : %s\r\n" % (sender_label, doc["when"].strftime("%d/%m/%Y %H:%M")))
    index = ("<html><head><meta charset=\"utf-8\"><title>IHE XDM</title></head><body>"
             "<h1>%s</h1><ul><li><a href=\"IHE_XDM/SUBSET01/DOC0001.XML\">Document CDA R2</a></li>"
             "<li><a href=\"IHE_XDM/SUBSET01/DOC0002.PDF\">Copie PDF</a></li>"
             "<li><a href=\"README.TXT\">README</a></li></ul></body></html>" % escape(doc["title"]))
    buf = io.BytesIO()
    stamp = doc["when"].timetuple()[:6]
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("README.TXT", readme.encode("utf-8")), ("INDEX.HTM", index.encode("utf-8")),
                           ("IHE_XDM/SUBSET01/METADATA.XML", meta),
                           ("IHE_XDM/SUBSET01/DOC0001.XML", cda),
                           ("IHE_XDM/SUBSET01/DOC0002.PDF", pdf)]:
            z.writestr(zipfile.ZipInfo(name, stamp), data, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def fr_date(d: datetime):
    return d.strftime("%d/%m/%Y")
