//! Real reports for the tests: Postfix's DSNs exactly as the local operator's Postfix 3.7
//! wrote them (bounce to an unknown user, success over LMTP), and read receipts as common
//! mail programs send them.

/// Postfix's bounce for `nobody@medimail.test` (RET=HDRS, ENVID medimail-42).
pub const POSTFIX_BOUNCE: &str = r#"Return-Path: <>
Delivered-To: jean.dupont@medimail.test
Received: from mail.medimail.test ([127.0.0.1])
	by mail.medimail.test with LMTP
	id ELbkGItRCGt7KwAAg+zDdQ
	(envelope-from <>)
	for <jean.dupont@medimail.test>; Thu, 26 Nov 2026 15:34:35 +0000
Received: by mail.medimail.test (Postfix)
	id 6598A9AA60B; Thu, 26 Nov 2026 15:34:35 +0000 (UTC)
Date: Thu, 26 Nov 2026 15:34:35 +0000 (UTC)
From: Mail Delivery System <MAILER-DAEMON@medimail.test>
Subject: Undelivered Mail Returned to Sender
To: jean.dupont@medimail.test
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="60B309AA605.1795707275/mail.medimail.test"
Content-Transfer-Encoding: 8bit
Message-Id: <20261126153435.6598A9AA60B@mail.medimail.test>

This is a MIME-encapsulated message.

--60B309AA605.1795707275/mail.medimail.test
Content-Description: Notification
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

This is the mail system at host mail.medimail.test.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

For further assistance, please send mail to postmaster.

If you do so, please include this problem report. You can
delete your own text from the attached returned message.

                   The mail system

<nobody@medimail.test>: host 127.0.0.1[127.0.0.1] said: 550 5.1.1
    <nobody@medimail.test> User doesn't exist: nobody@medimail.test (in reply
    to RCPT TO command)

--60B309AA605.1795707275/mail.medimail.test
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.medimail.test
Original-Envelope-Id: medimail-42
X-Postfix-Queue-ID: 60B309AA605
X-Postfix-Sender: rfc822; jean.dupont@medimail.test
Arrival-Date: Thu, 26 Nov 2026 15:34:35 +0000 (UTC)

Final-Recipient: rfc822; nobody@medimail.test
Original-Recipient: rfc822;nobody@medimail.test
Action: failed
Status: 5.1.1
Remote-MTA: dns; 127.0.0.1
Diagnostic-Code: smtp; 550 5.1.1 <nobody@medimail.test> User doesn't exist:
    nobody@medimail.test

--60B309AA605.1795707275/mail.medimail.test
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers
Content-Transfer-Encoding: 8bit

Return-Path: <jean.dupont@medimail.test>
Received: from [127.0.0.1] (localhost [127.0.0.1])
	(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)
	 key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256)
	(No client certificate requested)
	(Authenticated sender: jean.dupont@medimail.test)
	by mail.medimail.test (Postfix) with ESMTPSA id 60B309AA605;
	Thu, 26 Nov 2026 15:34:35 +0000 (UTC)
From: jean.dupont@medimail.test
To: nathalie.girard@medimail.test, nobody@medimail.test
Subject: Test DSN
Message-ID: <orig-123@medimail.test>
Date: Mon, 01 Jan 2024 10:00:00 +0100
Disposition-Notification-To: <jean.dupont@medimail.test>

--60B309AA605.1795707275/mail.medimail.test--
"#;

/// Postfix's success report (NOTIFY=SUCCESS) for a delivery over LMTP: `relayed`, 2.0.0.
pub const POSTFIX_SUCCESS: &str = r#"Return-Path: <>
Delivered-To: jean.dupont@medimail.test
Received: from mail.medimail.test ([127.0.0.1])
	by mail.medimail.test with LMTP
	id gLE8GYtRCGt7KwAAg+zDdQ
	(envelope-from <>)
	for <jean.dupont@medimail.test>; Thu, 26 Nov 2026 15:34:35 +0000
Received: by mail.medimail.test (Postfix)
	id 66C4A9AA608; Thu, 26 Nov 2026 15:34:35 +0000 (UTC)
Date: Thu, 26 Nov 2026 15:34:35 +0000 (UTC)
From: Mail Delivery System <MAILER-DAEMON@medimail.test>
Subject: Successful Mail Delivery Report
To: jean.dupont@medimail.test
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="60B309AA605.1795707275/mail.medimail.test"
Content-Transfer-Encoding: 8bit
Message-Id: <20261126153435.66C4A9AA608@mail.medimail.test>

This is a MIME-encapsulated message.

--60B309AA605.1795707275/mail.medimail.test
Content-Description: Notification
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

This is the mail system at host mail.medimail.test.

Your message was successfully delivered to the destination(s)
listed below. If the message was delivered to mailbox you will
receive no further notifications. Otherwise you may still receive
notifications of mail delivery errors from other systems.

                   The mail system

<nathalie.girard@medimail.test>: delivery via 127.0.0.1[127.0.0.1]:38953: 250
    2.0.0 <nathalie.girard@medimail.test> EMwQGItRCGt7KwAAg+zDdQ Saved

--60B309AA605.1795707275/mail.medimail.test
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.medimail.test
Original-Envelope-Id: medimail-42
X-Postfix-Queue-ID: 60B309AA605
X-Postfix-Sender: rfc822; jean.dupont@medimail.test
Arrival-Date: Thu, 26 Nov 2026 15:34:35 +0000 (UTC)

Final-Recipient: rfc822; nathalie.girard@medimail.test
Original-Recipient: rfc822;nathalie.girard@medimail.test
Action: relayed
Status: 2.0.0
Remote-MTA: dns; 127.0.0.1
Diagnostic-Code: smtp; 250 2.0.0 <nathalie.girard@medimail.test>
    EMwQGItRCGt7KwAAg+zDdQ Saved

--60B309AA605.1795707275/mail.medimail.test
Content-Description: Message Headers
Content-Type: text/rfc822-headers
Content-Transfer-Encoding: 8bit

Return-Path: <jean.dupont@medimail.test>
Received: from [127.0.0.1] (localhost [127.0.0.1])
	(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)
	 key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256)
	(No client certificate requested)
	(Authenticated sender: jean.dupont@medimail.test)
	by mail.medimail.test (Postfix) with ESMTPSA id 60B309AA605;
	Thu, 26 Nov 2026 15:34:35 +0000 (UTC)
From: jean.dupont@medimail.test
To: nathalie.girard@medimail.test, nobody@medimail.test
Subject: Test DSN
Message-ID: <orig-123@medimail.test>
Date: Mon, 01 Jan 2024 10:00:00 +0100
Disposition-Notification-To: <jean.dupont@medimail.test>

--60B309AA605.1795707275/mail.medimail.test--
"#;

/// A read receipt as Thunderbird sends it.
pub const THUNDERBIRD_MDN: &str = "From: Nathalie Girard <nathalie.girard@medimail.test>\r
To: jean.dupont@medimail.test\r
Subject: =?UTF-8?Q?Accus=C3=A9_de_lecture_=3A_Test_DSN?=\r
Date: Thu, 26 Nov 2026 15:40:00 +0000\r
Message-ID: <mdn-tb-1@medimail.test>\r
MIME-Version: 1.0\r
Content-Type: multipart/report; report-type=disposition-notification;\r
 boundary=\"----=_tb\"\r
\r
------=_tb\r
Content-Type: text/plain; charset=UTF-8\r
Content-Transfer-Encoding: 8bit\r
\r
Ceci est un accusé de lecture.\r
\r
------=_tb\r
Content-Type: message/disposition-notification; name=\"MDNPart2.txt\"\r
Content-Disposition: inline\r
Content-Transfer-Encoding: 7bit\r
\r
Reporting-UA: mail.medimail.test; Thunderbird 115.0\r
Final-Recipient: rfc822;nathalie.girard@medimail.test\r
Original-Message-ID: <orig-123@medimail.test>\r
Disposition: manual-action/MDN-sent-manually; displayed\r
\r
------=_tb\r
Content-Type: text/rfc822-headers; name=\"MDNPart3.txt\"\r
Content-Transfer-Encoding: 7bit\r
\r
Message-ID: <orig-123@medimail.test>\r
Subject: Test DSN\r
\r
------=_tb--\r
";

/// A robot's receipt: processed with an error, the fields folded and base64-encoded.
pub fn processed_error_mdn() -> String {
    use base64::Engine as _;
    let fields = "Reporting-UA: robot.example; Intake 2\r\nFinal-Recipient: rfc822; Secretariat@Example.ORG\r\n\
                  Original-Recipient: rfc822;secretariat@example.org\r\nOriginal-Message-ID:\r\n <orig-9@medimail.test>\r\n\
                  Disposition: automatic-action/MDN-sent-automatically;\r\n processed/error\r\nError: mailbox full\r\n";
    format!(
        "From: robot@example.org\r\nTo: jean.dupont@medimail.test\r\nSubject: receipt\r\nDate: Fri, 27 Nov 2026 08:00:00 +0100\r\n\
         Message-ID: <mdn-robot@example.org>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=disposition-notification; boundary=b\r\n\r\n\
         --b\r\nContent-Type: text/plain\r\n\r\nprocessed\r\n\
         --b\r\nContent-Type: message/disposition-notification\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n--b--\r\n",
        base64::engine::general_purpose::STANDARD.encode(fields)
    )
}
