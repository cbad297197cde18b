### The command line's sentences (medimail).

cli-profile = Profile: { $path }
cli-no-message = No message in this folder.
cli-no-result = No result.
cli-field-from = From: { $value }
cli-field-to = To: { $value }
cli-field-cc = CC: { $value }
cli-field-subject = Subject: { $value }
cli-field-date = Date: { $value }
cli-field-folder = Folder: { $value }
cli-field-attachment = Attachment: { $name } ({ $type }, { $size } B)
cli-archived-message = Archived — no longer on the server.
cli-archived-mark = [archived]
cli-exported = { $count ->
        [one] { $count } message exported to { $path }
       *[other] { $count } messages exported to { $path }
    }
cli-messages-done = { $count ->
        [one] { $count } message done; the server is updated at the next sync.
       *[other] { $count } messages done; the server is updated at the next sync.
    }

cli-color-red = red
cli-color-orange = orange
cli-color-yellow = yellow
cli-color-green = green
cli-color-blue = blue

cli-folder-line = { $name }{ $role }{ $gone }  { $total ->
        [one] { $total } message
       *[other] { $total } messages
    }, { $unread } unread, { $archived } archived
cli-folder-gone = { " " }[no longer on the server]
cli-folder-created = Folder created: { $name }
cli-folder-renamed = Folder renamed: { $name }
cli-folder-deleted = { $count ->
        [0] Folder deleted; it held no message.
        [one] Folder deleted; { $count } message moved back to the inbox.
       *[other] Folder deleted; { $count } messages moved back to the inbox.
    }

cli-no-signature = No signatures.
cli-signature-deleted = Signature deleted.
cli-no-default-signature = No default signature any more.
cli-signature-default-mark = { " " }(default)

cli-account-added = Account added: { $email }
cli-account-removed = Account removed: { $email }
cli-account-reconnected = Signed in to { $email } again.
cli-device-line = { $id }  { $name } ({ $system })  last activity: { $seen }{ $this }
cli-device-this-one = {"  "}← this computer
cli-device-revoked = Installation revoked: it will stop connecting to the account at its next contact.
cli-account-default = Default account: { $email }
cli-account-notify-on = Arrival notice to the sign-in account turned on for { $email }
cli-account-notify-off = Arrival notice to the sign-in account turned off for { $email }
cli-account-igc-sante-on = IGC-Santé certification authorities trusted for the MSSanté domains of { $email }
cli-account-igc-sante-off = IGC-Santé certification authorities no longer trusted for { $email }
cli-account-through = organisational mailbox opened through { $email }
cli-shared-none = No organisational mailbox is shared with your accounts.
cli-shared-line = { $address }  through { $through }{ $opened ->
    [yes] {"  "}(open)
   *[no] {""}
}
cli-shared-opened = Organisational mailbox { $address } opened through { $through }
cli-shared-connection = { $address }: connection address { $login }
cli-shared-not-admin = Only an administrator of the mailbox sees and changes the accounts that open it.
cli-signed-in = Signed in: { $email }
cli-signed-out = Signed out: no connection to the servers until the next sign-in (medimail sign-in). Drafts and the outbox are kept.
cli-no-account = No account.
cli-psc-ciba-code = Approve the sign-in in the e-CPS app: choose the code { $code }.
cli-psc-open-browser = Open this address in your browser to sign in with Pro Santé Connect: { $url }
cli-account-line = { $email }  IMAP { $imap }  SMTP { $smtp }  sign-in: { $auth ->
    [card] CPS card
    [psc] Pro Santé Connect (e-CPS)
   *[password] password
}

cli-outbox-empty = The outbox is empty.
cli-outbox-put-back = Put back in the outbox.
cli-outbox-queued = Waiting in the outbox: it leaves at the next connection.
cli-outbox-handing_over = Being sent.
cli-outbox-sent = Sent.
cli-outbox-failed = Refused by the server.
cli-outbox-uncertain = Sending was interrupted: check whether it arrived before resending (medimail outbox resend).

cli-draft-saved = Draft #{ $id } saved.
cli-no-draft = No drafts.
cli-draft-deleted = Draft deleted.
cli-draft-patient-mark = [Patient]{ " " }
cli-draft-pending-mark = { " " }(to copy to the server)
cli-draft-attachment = Attachment: { $name } ({ $size ->
        [one] { $size } byte
       *[other] { $size } bytes
    })

cli-mdn-policy-always = Read receipts: always sent.
cli-mdn-policy-ask = Read receipts: ask each time.
cli-mdn-policy-never = Read receipts: never sent.
cli-open-notifications-on = Notification when a sent message is opened: on.
cli-open-notifications-off = Notification when a sent message is opened: off.
cli-decision-sent = Marked read; the requested read receipt was sent.
cli-decision-ask_user = Marked read. The sender asks for a read receipt: `medimail open ID --send-receipt` sends it.
cli-decision-not_requested = Marked read.
cli-decision-already_sent = Marked read; the read receipt had already been sent.
cli-decision-never = Marked read; no read receipt is sent (policy "never").

cli-sync-waiting = Another Medimail window or task is syncing this profile: waiting for it…
cli-sync-downloading = Downloading { $done }/{ $total }
cli-sync-summary = { $account }: { $folders ->
        [one] { $folders } folder
       *[other] { $folders } folders
    }, { $fetched } new, { $updated } updated, { $archived } archived (no longer on the server), { $applied ->
        [one] { $applied } change sent
       *[other] { $applied } changes sent
    }, { $total ->
        [one] { $total } message in all
       *[other] { $total } messages in all
    }
cli-autoconfig-imap = Incoming (IMAP): { $tls ->
    [implicit] { $address }, encrypted from the start
    [starttls] { $address }, encrypted with STARTTLS
   *[other] not announced in the DNS
}
cli-autoconfig-smtp = Sending (SMTP): { $tls ->
    [implicit] { $address }, encrypted from the start
    [starttls] { $address }, encrypted with STARTTLS
   *[other] not announced in the DNS
}

# medimail card status: the readers, the CPS card, its holder, the PIN tries left.
cli-card-reader-with-card = Reader “{ $name }”: card inserted
cli-card-reader-empty = Reader “{ $name }”: empty
cli-card-no-service = The smart card service (PC/SC) is not running: no reader can be seen.
cli-card-no-reader = No card reader is plugged in.
cli-card-no-card = No card in the readers.
cli-card-not-cps = The card in reader “{ $reader }” is not a CPS card.
cli-card-unreadable = The CPS card in reader “{ $reader }” could not be read. Take it out and insert it again.
cli-card-ready = CPS card in reader “{ $reader }”.
cli-card-blocked = The CPS card in reader “{ $reader }” is blocked: the PIN was mistyped too many times. Use your unblocking code (PUK) or ask for a new card.
cli-card-holder = Holder: { $given_name } { $surname }
cli-card-profession = Profession: { $profession }
cli-card-national-id = National identifier: { $id }
cli-card-valid-until = Certificate valid until { $date }
cli-card-tries-left = { $count ->
        [one] { $count } PIN try left
       *[other] { $count } PIN tries left
    }

## medimail directory: the national MSSanté directory.

cli-directory-progress = { $rows } rows read…
cli-directory-downloading = { $megabytes } MB downloaded…
cli-directory-unchanged = The national directory is up to date: the extraction of { $date } ({ $entries } addresses) has not changed on the server.
cli-directory-imported = National directory imported: { $entries } addresses ({ $rows } rows read), extraction of { $date }.
cli-directory-merged = { $count ->
        [0] No repeated address.
        [one] { $count } repeated row merged.
       *[other] { $count } repeated rows merged.
    }
cli-directory-skipped = { $count ->
        [0] No row skipped.
        [one] { $count } row skipped:
       *[other] { $count } rows skipped:
    }
cli-directory-skipped-line =   line { $line }: { $reason }
cli-directory-problem-column_count = wrong number of columns
cli-directory-problem-not_utf8 = unreadable characters (not UTF-8)
cli-directory-problem-mailbox_kind = mailbox type other than PER or ORG
cli-directory-problem-address = invalid mail address
cli-directory-kind-per = Personal
cli-directory-kind-org = Organisational
cli-directory-result = [{ $kind }] { $name } — { $activity } — { $locality } — { $structure } — { $address }
cli-directory-empty = No national directory loaded. Import the extraction with "medimail directory import FILE" or download it with "medimail directory import --download".
cli-directory-info = Extraction of { $date }: { $entries } addresses, imported on { $imported }.
cli-directory-api-key-saved = Annuaire Santé API key saved in the system keyring.
cli-directory-api-key-removed = Annuaire Santé API key forgotten: online search is no longer possible.
cli-directory-field-address = MSSanté address: { $value }
cli-directory-field-kind = Mailbox type: { $value }
cli-directory-field-civility = Title: { $value }
cli-directory-field-surname = Surname: { $value }
cli-directory-field-first_name = First name: { $value }
cli-directory-field-national_id = National identifier: { $value }
cli-directory-field-pp_id = RPPS identifier: { $value }
cli-directory-field-category = Professional category: { $value }
cli-directory-field-profession = Profession: { $value }
cli-directory-field-skill = Specialty: { $value }
cli-directory-field-dematerialisation = Paperless exchanges: { $value }
cli-directory-field-structure_id = Structure identifier: { $value }
cli-directory-field-company = Company name: { $value }
cli-directory-field-trade_name = Trade name: { $value }
cli-directory-field-service = Department: { $value }
cli-directory-field-location_complement = Location complement: { $value }
cli-directory-field-distribution_complement = Distribution complement: { $value }
cli-directory-field-street = Street: { $value }
cli-directory-field-place_mention = Locality mention: { $value }
cli-directory-field-routing_line = Routing line: { $value }
cli-directory-field-postal_code = Postal code: { $value }
cli-directory-field-city = City: { $value }
cli-directory-field-department = Département: { $value }
cli-directory-field-region = Region: { $value }
cli-directory-field-country = Country: { $value }

## medimail directory: the operator's directory
cli-directory-linked = The organisational addresses this professional may use:
cli-directory-operator-unreachable = The operator’s directory could not be asked: only the national directory’s results are shown.
cli-directory-field-phone = Phone: { $value }
cli-directory-field-source = Source: { $value }
cli-directory-source-national = national directory
cli-directory-source-operator = operator’s directory
cli-directory-source-both = national directory and operator’s directory
cli-directory-source-online = Annuaire Santé online (FHIR API)

## medimail profile
cli-profile-saved = Your entry was saved in the directory.
cli-yes = yes
cli-no = no
cli-profile-address = Medimail address: { $value }
cli-profile-account_type = Account type: { $value }
cli-profile-rpps = RPPS: { $value }
cli-profile-surname = Surname: { $value }
cli-profile-first_name = First name: { $value }
cli-profile-phone = Phone 1: { $value }
cli-profile-mobile = Phone 2: { $value }
cli-profile-street = Address: { $value }
cli-profile-city = City: { $value }
cli-profile-postal_code = Postal code: { $value }
cli-profile-region = Region: { $value }
cli-profile-department = Département: { $value }
cli-profile-company = Company name: { $value }
cli-profile-profession = Profession: { $value }
cli-profile-specialty = Specialty: { $value }
cli-profile-finess = FINESS: { $value }
cli-profile-responsible = Responsible: { $value }
cli-profile-description = Description: { $value }
cli-profile-visible_medimail = Medimail address visible in the directory: { $value }
cli-profile-visible_mssante = MSSanté address visible in the directory: { $value }
cli-profile-dematerialisation = I want all my exchanges paperless: { $value }
cli-account-directory = Operator directory of { $email }: { $url }
cli-directory-favorite-added = Added to favourites: { $address }
cli-directory-favorite-removed = Removed from favourites: { $address }
cli-directory-favorite-absent = { $address } was not a favourite.
cli-directory-favorite-none = No favourites.
cli-directory-favorite-unlisted = { $line } (not in the loaded directory)

## medimail directory source
cli-directory-download-url = National directory download address: { $url }
cli-directory-download-ca = Certificate authorities trusted beside the system’s: { $path }
cli-directory-download-system-roots = Certificate authorities: the system’s only.
cli-no-forwarding = No automatic forwarding.
cli-autoreply-on = Auto-reply: on
cli-autoreply-off = Auto-reply: off
cli-autoreply-start = Start: { $date }
cli-autoreply-end = End: { $date }
cli-autoreply-subject = Subject: { $subject }

# medimail notify
cli-notify-test-shown = Test notification sent to the notification service.
cli-notify-on = on
cli-notify-off = off
cli-notify-show-subject = Subject in notifications: { $state }
cli-notify-do-not-disturb = Do not disturb: { $state }
cli-notify-digest = Daily summary: { $time }
cli-notify-account = Notifications of { $email }: { $state }
cli-updates-checks = Looking for updates: { $state }
cli-updates-server-default = Update server: { $url } (the project’s)
cli-updates-server-custom = Update server: { $url } (the practice’s)
cli-updates-newer = The server offers version { $version } (this one: { $current }). The window will offer it, and checks its signature before installing it.
cli-updates-none = No newer version: the server offers { $version } (this one: { $current }).
cli-updates-nothing = The server offers no version (this one: { $current }).
