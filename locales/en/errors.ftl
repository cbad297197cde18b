### What an engine error means, for a person (both doors). The keys follow ErrorCode;
### error-unknown is for what the window cannot read as an engine error.

error-detail = Detail: { $detail }
error-refused-heading = The message was not sent:
error-invalid_input = Some of the information entered is not valid. Check it and try again.
error-io = Data could not be read from or written to this computer. Check the available disk space and the rights on the Medimail folder, then try again.
error-network = The mail server cannot be reached. Check your Internet connection and try again.
error-tls = The secure connection to the server failed. Try again in a moment; if the problem persists, contact support.
error-certificate = The server certificate or your personal certificate is not recognised. Check the account settings or contact support.
error-certificate_expired = The server’s certificate has expired: the connection was refused to protect your exchanges. Check that this computer’s date and time are right; if they are, contact your mail operator.
error-certificate_revoked = The server’s certificate has been revoked by its certification authority: the connection was refused and nothing was sent. Do not retry with other settings; contact your mail operator.
error-auth_failed = The server refused your credentials. Check your address and password, or your CPS card, then sign in again.
error-unsupported = The server does not offer a feature this operation needs. Contact the support team of your mail service.
error-server = The mail server refused the operation. Try again later; if the problem persists, contact support.
error-timeout = The server is taking too long to answer. Check your connection and try again.
error-store = The local message store ran into a problem. Restart the app; your messages are not lost.
error-store_key = The local store does not open with the key from the keyring. Check that you are in your usual session, then contact support.
error-store_too_new = This data was saved by a newer Medimail Desktop. Install the latest version; your messages are not lost.
error-keyring = The system password keyring is locked or unavailable. Open your usual session and unlock its keyring (on Linux: “Passwords and Keys”), then try again.
error-not_found = The requested item does not exist (any more). Refresh the list and try again.
error-directory_file = This file is not a readable MSSanté directory extraction (unexpected header or damaged archive). The directory already loaded is still available.
error-shared_access_refused = The server does not give you access to this organisational mailbox (access withdrawn or never granted). What this computer kept of it can still be read.
error-shared_admin_refused = Only an administrator of this organisational mailbox may change the accounts that open it. Nothing was changed.
error-directory_write_refused = The operator’s directory refused the change: you may only change your own entry, and only the operator may change an organisational mailbox’s FINESS, responsible and description. Nothing was changed.
error-no_operator_directory = This account’s operator directory is not known (neither given when the account was added nor published in the DNS). Only the national directory is searched.
error-shared_psc_unsupported = With a Pro Santé Connect sign-in, an organisational mailbox does not open as an account of its own: its folders are in your mailbox, under “Shared mailbox”. To open it on its own, sign in with your CPS card or your Medimail password.
error-directory_psc_unsupported = With a Pro Santé Connect sign-in, your operator does not let you read or change your entry in its directory. Sign in with your CPS card or your Medimail password to manage it here.
error-directory_download = The national directory could not be downloaded completely (the server did not send the extraction, or the transfer stopped). The directory already loaded is still available.
error-busy = Another Medimail window or task is using this profile. Wait a moment and try again.
error-internal = An internal error occurred. Restart the application; if the problem persists, contact support.
error-card = The CPS card could not be used. Check that it is inserted in the reader, then try again.
error-pin_wrong = { $tries ->
        [one] Wrong PIN: { $tries } try left.
       *[other] Wrong PIN: { $tries } tries left.
    }
error-card_blocked = Card blocked: the PIN was entered wrongly too many times. Unblock it with your unblocking code (PUK) or ask for a new card.
error-pin_format = A CPS card PIN is { $min } to { $max } digits. No try was counted.
error-pin_required = Enter your CPS card's PIN to sign in.
error-card_not_cps = This card is not a CPS card. Insert your health professional card (CPS or CPE) in the reader.
error-card_other_holder = This CPS card belongs to another professional than the account's holder. Insert your own card.
error-card_removed = The CPS card was removed: your mail is locked. Insert your card again and enter its PIN; nothing is lost.
error-session_locked = The session is locked. Enter your password or your card's PIN to show your messages.
error-signed_out = You are signed out. Sign in to receive and send your messages; your drafts and outbox are kept.
error-psc = Pro Santé Connect could not be used. Try again in a moment; if the problem persists, contact support.
error-psc_denied = The Pro Santé Connect sign-in was refused or cancelled. Start again to open your mailbox.
error-psc_sign_in_expired = The Pro Santé Connect sign-in was not finished in time. Start again and approve it right away.
error-device_revoked = This computer’s access to this account was revoked from another device. Sign in to the account again to use it; the messages archived here are kept.
error-psc_session_ended = Your Pro Santé Connect session has ended. Sign in again with your CPS card or the e-CPS app.
error-psc_wrong_practitioner = This Pro Santé Connect sign-in is another practitioner's than this account holder's. Sign in again with your own CPS card or your own e-CPS.
error-no_notification_service = No notification service answers in this session: desktop notifications cannot be shown. Check that your desktop session is open and that its notifications are on.
error-update_server = This address cannot be used as an update server: it must be complete and start with https:// (for example https://updates.practice.example/medimail/latest.json), with no user name or password.
error-updates_off = Looking for updates is turned off on this computer. Your IT department can turn it back on in the settings or with “medimail updates on”.
error-update_unavailable = The update server could not be reached or did not answer properly. Nothing was installed: you can keep using the application and try again later.
error-update_refused = The update was refused: its signature is not Medimail Desktop’s (the file was changed or signed by someone else). Nothing was installed and the current application is unchanged; tell your IT department.
error-update_install = The update, properly signed, could not be put in place (write permission or disk space). The current application is unchanged; tell your IT department.
error-unknown = An unexpected error occurred. Try again; if the problem persists, contact support.

# Servers looked up in the DNS from the address (RFC 6186) and not found there.
autoconfig-no-imap = The domain “{ $domain }” does not announce its incoming mail server (IMAP): give it.
autoconfig-no-directory = The domain “{ $domain }” does not announce an operator directory (LDAP): give its address.
autoconfig-no-smtp = The domain “{ $domain }” does not announce its sending server (SMTP): give it.

# The page the browser shows once Pro Santé Connect has sent the practitioner back to Medimail.
psc-browser-done = Signed in. You can close this tab and go back to Medimail.
psc-browser-failed = The sign-in did not go through. Close this tab and go back to Medimail.
error-sieve_script_refused = The mail server refused the auto-reply and forwarding rules: nothing was changed, the rules in place are still active.
sieve-no-subject = Give the auto-reply a subject.
sieve-no-message = Write the auto-reply’s message.
sieve-message-too-long = The auto-reply’s message is too long.
sieve-subject-too-long = The auto-reply’s subject is too long.
sieve-bad-date = The start or end date is not a valid date.
sieve-end-before-start = The auto-reply must end after it starts.
sieve-forward-invalid = “{ $address }” is not a valid e-mail address.
sieve-forward-self = You cannot forward your messages to your own address ({ $address }).
sieve-forward-loop = { $address } already forwards its messages to this mailbox: forwarding the other way would send messages round in a loop.
sieve-forward-unknown = No automatic forwarding to { $address }.
