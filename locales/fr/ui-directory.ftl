### The Annuaire: the national directory searched in the window, favourites, the fiche contact.

directory-title = Annuaire
directory-subtitle = Annuaire national des messageries sécurisées de santé (MSSanté)
directory-tab-search = Recherche
directory-tab-favorites = Favoris
directory-who = Qui ?
directory-who-hint = nom, prénom, RPPS, adresse
directory-activity = Activité ?
directory-activity-hint = profession, spécialité
directory-place = Où ?
directory-place-hint = ville, département, région, code postal
directory-structure = Structure
directory-structure-hint = raison sociale, enseigne, service
directory-advanced-open = Aller à la recherche avancée
directory-advanced-close = Masquer la recherche avancée
directory-clear = Effacer les critères
directory-searching = Recherche…
directory-count = { $count ->
        [0] Aucun résultat
        [one] { $count } résultat
       *[other] { $count } résultats
    }
directory-count-more = Plus de { $count } résultats : précisez la recherche.
directory-prompt = Saisissez un nom, une profession ou un lieu : les résultats s’affichent au fil de la frappe.
directory-results = Résultats de la recherche dans l’annuaire
directory-col-name = Nom
directory-col-profession = Profession
directory-col-locality = Localité
directory-col-structure = Structure
directory-col-address = Courriel
directory-col-actions = Actions
directory-select-all = Tout sélectionner
directory-select-row = Sélectionner { $name }
directory-kind-per = Personnelle
directory-kind-org = Organisationnelle
directory-kind-per-long = Boîte personnelle
directory-kind-org-long = Boîte organisationnelle (structure ou service)
directory-favorite-add = Ajouter { $name } aux favoris
directory-favorite-remove = Retirer { $name } des favoris
directory-favorite-added = { $name } ajouté aux favoris
directory-favorite-removed = { $name } retiré des favoris
directory-favorites-empty = Aucun favori pour l’instant. Cliquez sur l’étoile d’un résultat pour l’ajouter ici.
directory-favorite-unlisted = N’est plus dans l’annuaire chargé
directory-show-card = Voir la fiche contact
directory-add-to = Ajouter aux destinataires
directory-add-cc = Ajouter aux copies
directory-add-to-selected = { $count ->
        [one] Ajouter la sélection aux destinataires
       *[other] Ajouter les { $count } sélectionnés aux destinataires
    }
directory-add-cc-selected = { $count ->
        [one] Ajouter la sélection aux copies
       *[other] Ajouter les { $count } sélectionnés aux copies
    }
directory-added-to = { $count ->
        [one] { $count } adresse ajoutée aux destinataires
       *[other] { $count } adresses ajoutées aux destinataires
    }
directory-added-cc = { $count ->
        [one] { $count } adresse ajoutée aux copies
       *[other] { $count } adresses ajoutées aux copies
    }
directory-chosen = Destinataires choisis
directory-chosen-to = À
directory-chosen-cc = Cc
directory-chosen-remove = Retirer { $address }
directory-validate = Valider
directory-validate-hint-compose = Les adresses choisies sont ajoutées au message en cours.
directory-validate-hint-new = Valider ouvre un nouveau message avec les adresses choisies.
directory-cancel = Annuler
directory-card-title = Fiche contact
directory-card-identity = Identité
directory-card-activity = Activité
directory-card-structure = Structure
directory-card-address = Adresse postale
directory-card-mailbox = Messagerie
directory-card-unlisted = Cette adresse n’est plus dans l’annuaire chargé : la fiche est celle enregistrée avec le favori.
directory-field-address = Adresse MSSanté
directory-field-kind = Type de boîte
directory-field-civility = Civilité d’exercice
directory-field-surname = Nom d’exercice
directory-field-first_name = Prénom d’exercice
directory-field-pp_id_type = Type d’identifiant PP
directory-field-pp_id = Identifiant PP
directory-field-pp_national_id = Identification nationale PP
directory-field-profession_category = Catégorie professionnelle (code)
directory-field-profession_category_label = Catégorie professionnelle
directory-field-profession_code = Code profession
directory-field-profession_label = Profession
directory-field-skill_code = Code savoir-faire
directory-field-skill_label = Savoir-faire
directory-field-dematerialisation = Dématérialisation
directory-field-structure_id_type = Type d’identifiant de la structure
directory-field-structure_id = Identifiant de la structure
directory-field-service = Service de rattachement
directory-field-company_name = Raison sociale
directory-field-trade_name = Enseigne commerciale
directory-field-location_complement = Complément de localisation
directory-field-distribution_complement = Complément de distribution
directory-field-street_number = Numéro de voie
directory-field-street_number_complement = Complément de numéro
directory-field-street_type = Type de voie
directory-field-street_name = Libellé de voie
directory-field-place_mention = Lieu-dit, mention
directory-field-routing_line = Ligne d’acheminement
directory-field-postal_code = Code postal
directory-field-department = Département (fichier)
directory-field-country = Pays
directory-field-city = Commune
directory-field-department_code = Département
directory-field-region = Région
directory-info = Extraction du { $date } · { $count ->
        [one] { $count } adresse
       *[other] { $count } adresses
    }
directory-info-nodate = { $count ->
        [one] { $count } adresse
       *[other] { $count } adresses
    } · importé le { $date }
directory-import = Importer un fichier…
directory-download = Mettre à jour depuis l’Annuaire Santé
directory-importing = Import de l’annuaire
directory-import-rows = { $rows } lignes lues
directory-import-done = Annuaire importé : { $entries } adresses, { $merged } lignes fusionnées, { $skipped } lignes ignorées.
directory-import-skipped-line = Ligne { $line } : { $reason }
directory-import-summary = Résumé de l’import
directory-import-dismiss = Fermer le résumé
directory-problem-column_count = nombre de colonnes incorrect
directory-problem-not_utf8 = caractères illisibles (pas en UTF-8)
directory-problem-mailbox_kind = type de BAL autre que PER ou ORG
directory-problem-address = adresse de messagerie invalide
directory-empty-title = L’annuaire national n’est pas encore chargé
directory-empty-body = Medimail garde tout l’annuaire national MSSanté sur cet ordinateur, pour chercher un destinataire même hors connexion. Téléchargez-le depuis l’Annuaire Santé, ou importez le fichier « Extraction_Correspondance_MSSante » (ZIP ou .txt) téléchargé sur annuaire.sante.fr.
directory-open = Annuaire
directory-open-to = Choisir les destinataires dans l’annuaire
directory-open-cc = Choisir les copies dans l’annuaire
compose-suggestion-directory = Annuaire
compose-suggestion-correspondent = Correspondant

## The operator's directory in the Annuaire
directory-card-linked = Adresses organisationnelles
directory-card-linked-intro = Ci-dessous les adresses organisationnelles accessibles par le professionnel.
directory-operator-unreachable = L’annuaire de votre opérateur ne répond pas : seuls les résultats de l’annuaire national sont affichés.
directory-field-phones = Téléphones
directory-field-source = Source
directory-source-national = Annuaire national
directory-source-operator = Annuaire de l’opérateur
directory-source-both = Annuaire national et annuaire de l’opérateur
directory-source-online = Annuaire Santé en ligne (absent de l’extraction chargée)

## Paramètres de l'annuaire (from the Annuaire's header) and the online source.

directory-settings-open = Paramètres de l’annuaire
directory-settings-title = Paramètres de l’annuaire
directory-settings-close = Fermer
directory-settings-national = Annuaire national
directory-settings-extraction = Extraction chargée : { $date } ({ $count ->
        [one] { $count } adresse
       *[other] { $count } adresses
    })
directory-settings-extraction-nodate = Extraction chargée le { $date } ({ $count ->
        [one] { $count } adresse
       *[other] { $count } adresses
    })
directory-settings-extraction-none = Aucune extraction chargée pour l’instant.
directory-settings-download-never = Aucun téléchargement effectué pour l’instant.
directory-settings-download-ok = Dernier téléchargement : { $date }, réussi (annuaire à jour).
directory-settings-download-failed = Dernière tentative de téléchargement : { $date }, échouée. L’annuaire chargé reste utilisable.
directory-settings-download-failed-since = Dernière tentative de téléchargement : { $date }, échouée (dernière réussite : { $success }). L’annuaire chargé reste utilisable.
directory-settings-daily = L’annuaire est mis à jour automatiquement une fois par jour lorsque l’application est ouverte.
directory-settings-update = Mettre à jour maintenant
directory-settings-source = Adresse de téléchargement
directory-settings-url = Adresse (https) de l’extraction
directory-settings-url-hint = Laissez vide pour utiliser l’adresse par défaut de l’ANS, affichée en grisé.
directory-settings-ca = Certificats d’autorité (fichier PEM)
directory-settings-ca-none = Aucun fichier : certificats du système
directory-settings-ca-choose = Choisir un fichier…
directory-settings-ca-clear = Retirer le fichier
directory-settings-ca-hint = Les certificats racines IGC-Santé qui garantissent le serveur de téléchargement, en plus de ceux du système.
directory-settings-source-save = Enregistrer
directory-settings-source-default = Adresse par défaut de l’ANS
directory-settings-source-saved = Adresse de téléchargement enregistrée.
directory-settings-source-reset = L’annuaire sera téléchargé depuis l’adresse par défaut de l’ANS.
directory-settings-error-url = Cette adresse n’est pas valide : indiquez une adresse complète commençant par https://.
directory-settings-error-ca = Ce fichier ne contient pas de certificat d’autorité lisible (format PEM attendu).
directory-settings-error-ca-file = Ce fichier de certificats est introuvable ou illisible.
directory-settings-online = Annuaire Santé en ligne (API FHIR)
directory-settings-online-hint = Avec une clé d’API de l’Annuaire Santé (ESANTE-API-KEY), la recherche peut aussi interroger l’annuaire en ligne, pour les adresses absentes de l’extraction chargée.
directory-settings-key-state-saved = Une clé est enregistrée dans le trousseau du système.
directory-settings-key-state-none = Aucune clé enregistrée : la recherche en ligne n’est pas proposée.
directory-settings-key = Clé d’API (ESANTE-API-KEY)
directory-settings-key-save = Enregistrer la clé
directory-settings-key-remove = Supprimer la clé
directory-settings-key-saved = Clé enregistrée dans le trousseau du système.
directory-settings-key-removed = Clé supprimée du trousseau du système.
directory-settings-key-empty = Saisissez la clé d’API fournie par l’Annuaire Santé.
directory-settings-error-keyring = Le trousseau du système est verrouillé ou indisponible : la clé n’a pas pu y être enregistrée. Déverrouillez-le puis réessayez.
directory-online = Rechercher aussi en ligne (Annuaire Santé)
directory-online-searching = Recherche en ligne dans l’Annuaire Santé…
directory-online-added = { $count ->
        [0] L’Annuaire Santé en ligne n’a rien ajouté.
        [one] L’Annuaire Santé en ligne a ajouté { $count } adresse.
       *[other] L’Annuaire Santé en ligne a ajouté { $count } adresses.
    }
directory-online-unreachable = L’Annuaire Santé en ligne ne répond pas : seuls les résultats hors ligne sont affichés.
directory-online-refused = L’Annuaire Santé a refusé la clé d’API : vérifiez-la dans les paramètres de l’annuaire.
directory-online-nokey = Aucune clé d’API : ajoutez-la dans les paramètres de l’annuaire.
directory-online-no-favorite = { $name } a été trouvé en ligne, pas dans l’extraction chargée : il pourra être ajouté aux favoris après la prochaine mise à jour de l’annuaire.
