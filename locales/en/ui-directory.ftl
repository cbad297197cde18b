### The Annuaire: the national directory searched in the window, favourites, the fiche contact.

directory-title = Directory
directory-subtitle = National directory of secure health messaging (MSSanté)
directory-tab-search = Search
directory-tab-favorites = Favourites
directory-who = Who?
directory-who-hint = name, first name, RPPS, address
directory-activity = Activity?
directory-activity-hint = profession, specialty
directory-place = Where?
directory-place-hint = city, département, region, postal code
directory-structure = Organisation
directory-structure-hint = company name, trade name, department
directory-advanced-open = Go to the advanced search
directory-advanced-close = Hide the advanced search
directory-clear = Clear the criteria
directory-searching = Searching…
directory-count = { $count ->
        [0] No results
        [one] { $count } result
       *[other] { $count } results
    }
directory-count-more = More than { $count } results: narrow the search.
directory-prompt = Type a name, a profession or a place: results show as you type.
directory-results = Directory search results
directory-col-name = Name
directory-col-profession = Profession
directory-col-locality = Locality
directory-col-structure = Organisation
directory-col-address = Email
directory-col-actions = Actions
directory-select-all = Select all
directory-select-row = Select { $name }
directory-kind-per = Personal
directory-kind-org = Organisational
directory-kind-per-long = Personal mailbox
directory-kind-org-long = Organisational mailbox (organisation or department)
directory-favorite-add = Add { $name } to favourites
directory-favorite-remove = Remove { $name } from favourites
directory-favorite-added = { $name } added to favourites
directory-favorite-removed = { $name } removed from favourites
directory-favorites-empty = No favourites yet. Click a result's star to add it here.
directory-favorite-unlisted = No longer in the loaded directory
directory-show-card = See the contact card
directory-add-to = Add to recipients
directory-add-cc = Add to copies
directory-add-to-selected = { $count ->
        [one] Add the selection to recipients
       *[other] Add the { $count } selected to recipients
    }
directory-add-cc-selected = { $count ->
        [one] Add the selection to copies
       *[other] Add the { $count } selected to copies
    }
directory-added-to = { $count ->
        [one] { $count } address added to recipients
       *[other] { $count } addresses added to recipients
    }
directory-added-cc = { $count ->
        [one] { $count } address added to copies
       *[other] { $count } addresses added to copies
    }
directory-chosen = Chosen recipients
directory-chosen-to = To
directory-chosen-cc = Cc
directory-chosen-remove = Remove { $address }
directory-validate = Confirm
directory-validate-hint-compose = The chosen addresses are added to the message being written.
directory-validate-hint-new = Confirm opens a new message with the chosen addresses.
directory-cancel = Cancel
directory-card-title = Contact card
directory-card-identity = Identity
directory-card-activity = Activity
directory-card-structure = Organisation
directory-card-address = Postal address
directory-card-mailbox = Mailbox
directory-card-unlisted = This address is no longer in the loaded directory: the card is the one saved with the favourite.
directory-field-address = MSSanté address
directory-field-kind = Mailbox type
directory-field-civility = Title
directory-field-surname = Surname
directory-field-first_name = First name
directory-field-pp_id_type = Practitioner identifier type
directory-field-pp_id = Practitioner identifier
directory-field-pp_national_id = National practitioner identifier
directory-field-profession_category = Professional category (code)
directory-field-profession_category_label = Professional category
directory-field-profession_code = Profession code
directory-field-profession_label = Profession
directory-field-skill_code = Specialty code
directory-field-skill_label = Specialty
directory-field-dematerialisation = Paperless exchanges
directory-field-structure_id_type = Organisation identifier type
directory-field-structure_id = Organisation identifier
directory-field-service = Department
directory-field-company_name = Company name
directory-field-trade_name = Trade name
directory-field-location_complement = Location complement
directory-field-distribution_complement = Distribution complement
directory-field-street_number = Street number
directory-field-street_number_complement = Street number complement
directory-field-street_type = Street type
directory-field-street_name = Street name
directory-field-place_mention = Locality, mention
directory-field-routing_line = Routing line
directory-field-postal_code = Postal code
directory-field-department = Département (file)
directory-field-country = Country
directory-field-city = City
directory-field-department_code = Département
directory-field-region = Region
directory-info = Extraction of { $date } · { $count ->
        [one] { $count } address
       *[other] { $count } addresses
    }
directory-info-nodate = { $count ->
        [one] { $count } address
       *[other] { $count } addresses
    } · imported on { $date }
directory-import = Import a file…
directory-download = Update from the Annuaire Santé
directory-importing = Importing the directory
directory-import-rows = { $rows } rows read
directory-import-done = Directory imported: { $entries } addresses, { $merged } rows merged, { $skipped } rows skipped.
directory-import-skipped-line = Line { $line }: { $reason }
directory-import-summary = Import summary
directory-import-dismiss = Close the summary
directory-problem-column_count = wrong number of columns
directory-problem-not_utf8 = unreadable characters (not UTF-8)
directory-problem-mailbox_kind = mailbox type other than PER or ORG
directory-problem-address = invalid mail address
directory-empty-title = The national directory is not loaded yet
directory-empty-body = Medimail keeps the whole national MSSanté directory on this computer, to find a recipient even offline. Download it from the Annuaire Santé, or import the "Extraction_Correspondance_MSSante" file (ZIP or .txt) downloaded from annuaire.sante.fr.
directory-open = Directory
directory-open-to = Choose recipients in the directory
directory-open-cc = Choose copies in the directory
compose-suggestion-directory = Directory
compose-suggestion-correspondent = Correspondent

## The operator's directory in the Annuaire
directory-card-linked = Organisational addresses
directory-card-linked-intro = Below, the organisational addresses this professional may use.
directory-operator-unreachable = Your operator’s directory is not answering: only the national directory’s results are shown.
directory-field-phones = Phones
directory-field-source = Source
directory-source-national = National directory
directory-source-operator = Operator’s directory
directory-source-both = National directory and operator’s directory
directory-source-online = Annuaire Santé online (not in the loaded extraction)

## Paramètres de l'annuaire (from the Annuaire's header) and the online source.

directory-settings-open = Directory settings
directory-settings-title = Directory settings
directory-settings-close = Close
directory-settings-national = National directory
directory-settings-extraction = Loaded extraction: { $date } ({ $count ->
        [one] { $count } address
       *[other] { $count } addresses
    })
directory-settings-extraction-nodate = Extraction loaded on { $date } ({ $count ->
        [one] { $count } address
       *[other] { $count } addresses
    })
directory-settings-extraction-none = No extraction loaded yet.
directory-settings-download-never = No download yet.
directory-settings-download-ok = Last download: { $date }, succeeded (directory up to date).
directory-settings-download-failed = Last download attempt: { $date }, failed. The loaded directory stays usable.
directory-settings-download-failed-since = Last download attempt: { $date }, failed (last success: { $success }). The loaded directory stays usable.
directory-settings-daily = The directory is updated automatically once a day while the application is open.
directory-settings-update = Update now
directory-settings-source = Download address
directory-settings-url = Address (https) of the extraction
directory-settings-url-hint = Leave empty to use the ANS’s default address, shown greyed out.
directory-settings-ca = Certificate authorities (PEM file)
directory-settings-ca-none = No file: the system’s certificates
directory-settings-ca-choose = Choose a file…
directory-settings-ca-clear = Remove the file
directory-settings-ca-hint = The IGC-Santé root certificates that vouch for the download server, besides the system’s.
directory-settings-source-save = Save
directory-settings-source-default = ANS default address
directory-settings-source-saved = Download address saved.
directory-settings-source-reset = The directory will be downloaded from the ANS’s default address.
directory-settings-error-url = This address is not valid: give a full address starting with https://.
directory-settings-error-ca = This file holds no readable certificate authority (PEM format expected).
directory-settings-error-ca-file = This certificate file cannot be found or read.
directory-settings-online = Annuaire Santé online (FHIR API)
directory-settings-online-hint = With an Annuaire Santé API key (ESANTE-API-KEY), the search can also ask the online directory, for addresses missing from the loaded extraction.
directory-settings-key-state-saved = A key is saved in the system’s keyring.
directory-settings-key-state-none = No key saved: the online search is not offered.
directory-settings-key = API key (ESANTE-API-KEY)
directory-settings-key-save = Save the key
directory-settings-key-remove = Remove the key
directory-settings-key-saved = Key saved in the system’s keyring.
directory-settings-key-removed = Key removed from the system’s keyring.
directory-settings-key-empty = Type the API key the Annuaire Santé gave you.
directory-settings-error-keyring = The system’s keyring is locked or unavailable: the key could not be saved. Unlock it, then try again.
directory-online = Also search online (Annuaire Santé)
directory-online-searching = Searching the Annuaire Santé online…
directory-online-added = { $count ->
        [0] The online Annuaire Santé added nothing.
        [one] The online Annuaire Santé added { $count } address.
       *[other] The online Annuaire Santé added { $count } addresses.
    }
directory-online-unreachable = The online Annuaire Santé does not answer: only the offline results are shown.
directory-online-refused = The Annuaire Santé refused the API key: check it in the directory settings.
directory-online-nokey = No API key: add it in the directory settings.
directory-online-no-favorite = { $name } was found online, not in the loaded extraction: it can be starred after the next directory update.
