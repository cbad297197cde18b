### The command line's sentences (medimail).

cli-profile = Profil : { $path }
cli-no-message = Aucun message dans ce dossier.
cli-no-result = Aucun résultat.
cli-field-from = De : { $value }
cli-field-to = À : { $value }
cli-field-cc = CC : { $value }
cli-field-subject = Objet : { $value }
cli-field-date = Date : { $value }
cli-field-folder = Dossier : { $value }
cli-field-attachment = Pièce jointe : { $name } ({ $type }, { $size } o)
cli-archived-message = Archivé — n'est plus sur le serveur.
cli-archived-mark = [archivé]
cli-exported = { $count ->
        [one] { $count } message exporté dans { $path }
       *[other] { $count } messages exportés dans { $path }
    }
cli-messages-done = { $count ->
        [one] { $count } message traité ; le serveur sera mis à jour à la prochaine synchronisation.
       *[other] { $count } messages traités ; le serveur sera mis à jour à la prochaine synchronisation.
    }

cli-color-red = rouge
cli-color-orange = orange
cli-color-yellow = jaune
cli-color-green = vert
cli-color-blue = bleu

cli-folder-line = { $name }{ $role }{ $gone }  { $total ->
        [one] { $total } message
       *[other] { $total } messages
    }, { $unread ->
        [one] { $unread } non lu
       *[other] { $unread } non lus
    }, { $archived ->
        [one] { $archived } archivé
       *[other] { $archived } archivés
    }
cli-folder-gone = { " " }[plus sur le serveur]
cli-folder-created = Dossier créé : { $name }
cli-folder-renamed = Dossier renommé : { $name }
cli-folder-deleted = { $count ->
        [0] Dossier supprimé ; il ne contenait aucun message.
        [one] Dossier supprimé ; { $count } message remis dans la boîte de réception.
       *[other] Dossier supprimé ; { $count } messages remis dans la boîte de réception.
    }

cli-no-signature = Aucune signature.
cli-signature-deleted = Signature supprimée.
cli-no-default-signature = Plus de signature par défaut.
cli-signature-default-mark = { " " }(par défaut)

cli-account-added = Compte ajouté : { $email }
cli-account-removed = Compte retiré : { $email }
cli-account-reconnected = Reconnecté au compte { $email }.
cli-device-line = { $id }  { $name } ({ $system })  dernière activité : { $seen }{ $this }
cli-device-this-one = {"  "}← cet ordinateur
cli-device-revoked = Installation révoquée : elle ne se connectera plus au compte à son prochain contact.
cli-account-default = Compte par défaut : { $email }
cli-account-notify-on = Notification de réception vers le compte de connexion activée pour { $email }
cli-account-notify-off = Notification de réception vers le compte de connexion désactivée pour { $email }
cli-account-igc-sante-on = Autorités de certification IGC-Santé reconnues pour les domaines MSSanté de { $email }
cli-account-igc-sante-off = Autorités de certification IGC-Santé plus reconnues pour { $email }
cli-account-through = boîte organisationnelle ouverte par { $email }
cli-shared-none = Aucune boîte organisationnelle n’est partagée avec vos comptes.
cli-shared-line = { $address }  par { $through }{ $opened ->
    [yes] {"  "}(ouverte)
   *[no] {""}
}
cli-shared-opened = Boîte organisationnelle { $address } ouverte par { $through }
cli-shared-connection = { $address } : adresse de connexion { $login }
cli-shared-not-admin = Seul un administrateur de la boîte voit et change les comptes qui l’ouvrent.
cli-signed-in = Connecté : { $email }
cli-signed-out = Déconnecté : plus aucune connexion aux serveurs avant la prochaine connexion (medimail sign-in). Les brouillons et la boîte d’envoi sont conservés.
cli-no-account = Aucun compte.
cli-psc-ciba-code = Validez la connexion dans l’application e-CPS : choisissez le code { $code }.
cli-psc-open-browser = Ouvrez cette adresse dans votre navigateur pour vous connecter avec Pro Santé Connect : { $url }
cli-account-line = { $email }  IMAP { $imap }  SMTP { $smtp }  connexion : { $auth ->
    [card] carte CPS
    [psc] Pro Santé Connect (e-CPS)
   *[password] mot de passe
}

cli-outbox-empty = La boîte d'envoi est vide.
cli-outbox-put-back = Remis dans la boîte d'envoi.
cli-outbox-queued = En attente dans la boîte d'envoi : il partira à la prochaine connexion.
cli-outbox-handing_over = En cours d'envoi.
cli-outbox-sent = Envoyé.
cli-outbox-failed = Refusé par le serveur.
cli-outbox-uncertain = Envoi interrompu : vérifiez s'il est arrivé avant de le renvoyer (medimail outbox resend).

cli-draft-saved = Brouillon n° { $id } enregistré.
cli-no-draft = Aucun brouillon.
cli-draft-deleted = Brouillon supprimé.
cli-draft-patient-mark = [Patient]{ " " }
cli-draft-pending-mark = { " " }(à copier sur le serveur)
cli-draft-attachment = Pièce jointe : { $name } ({ $size ->
        [one] { $size } octet
       *[other] { $size } octets
    })

cli-mdn-policy-always = Accusés de lecture : toujours envoyés.
cli-mdn-policy-ask = Accusés de lecture : demander à chaque fois.
cli-mdn-policy-never = Accusés de lecture : jamais envoyés.
cli-open-notifications-on = Notification à chaque ouverture d'un message envoyé : activée.
cli-open-notifications-off = Notification à chaque ouverture d'un message envoyé : désactivée.
cli-decision-sent = Message lu ; l'accusé de lecture demandé a été envoyé.
cli-decision-ask_user = Message lu. L'expéditeur demande un accusé de lecture : `medimail open ID --send-receipt` pour l'envoyer.
cli-decision-not_requested = Message lu.
cli-decision-already_sent = Message lu ; l'accusé de lecture avait déjà été envoyé.
cli-decision-never = Message lu ; aucun accusé de lecture n'est envoyé (règle « jamais »).

cli-sync-waiting = Une autre fenêtre ou tâche Medimail synchronise ce profil : attente de sa fin…
cli-sync-downloading = Téléchargement { $done }/{ $total }
cli-sync-summary = { $account } : { $folders ->
        [one] { $folders } dossier
       *[other] { $folders } dossiers
    }, { $fetched ->
        [one] { $fetched } nouveau
       *[other] { $fetched } nouveaux
    }, { $updated ->
        [one] { $updated } mis à jour
       *[other] { $updated } mis à jour
    }, { $archived ->
        [one] { $archived } archivé
       *[other] { $archived } archivés
    } (plus sur le serveur), { $applied ->
        [one] { $applied } modification envoyée
       *[other] { $applied } modifications envoyées
    }, { $total ->
        [one] { $total } message en tout
       *[other] { $total } messages en tout
    }
cli-autoconfig-imap = Réception (IMAP) : { $tls ->
    [implicit] { $address }, chiffré dès la connexion
    [starttls] { $address }, chiffré par STARTTLS
   *[other] non annoncé dans le DNS
}
cli-autoconfig-smtp = Envoi (SMTP) : { $tls ->
    [implicit] { $address }, chiffré dès la connexion
    [starttls] { $address }, chiffré par STARTTLS
   *[other] non annoncé dans le DNS
}

# medimail card status: the readers, the CPS card, its holder, the PIN tries left.
cli-card-reader-with-card = Lecteur « { $name } » : carte insérée
cli-card-reader-empty = Lecteur « { $name } » : vide
cli-card-no-service = Le service des cartes à puce (PC/SC) ne fonctionne pas : aucun lecteur n'est visible.
cli-card-no-reader = Aucun lecteur de carte n'est branché.
cli-card-no-card = Aucune carte dans les lecteurs.
cli-card-not-cps = La carte du lecteur « { $reader } » n'est pas une carte CPS.
cli-card-unreadable = La carte CPS du lecteur « { $reader } » n'a pas pu être lue. Retirez-la puis insérez-la de nouveau.
cli-card-ready = Carte CPS dans le lecteur « { $reader } ».
cli-card-blocked = La carte CPS du lecteur « { $reader } » est bloquée : le code PIN a été mal saisi trop de fois. Utilisez votre code de déblocage (PUK) ou demandez une nouvelle carte.
cli-card-holder = Titulaire : { $given_name } { $surname }
cli-card-profession = Profession : { $profession }
cli-card-national-id = Identifiant national : { $id }
cli-card-valid-until = Certificat valable jusqu'au { $date }
cli-card-tries-left = { $count ->
        [one] { $count } essai restant pour le code PIN
       *[other] { $count } essais restants pour le code PIN
    }

## medimail directory: the national MSSanté directory.

cli-directory-progress = { $rows } lignes lues…
cli-directory-downloading = { $megabytes } Mo téléchargés…
cli-directory-unchanged = L'annuaire national est à jour : l'extraction du { $date } ({ $entries } adresses) n'a pas changé sur le serveur.
cli-directory-imported = Annuaire national importé : { $entries } adresses ({ $rows } lignes lues), extraction du { $date }.
cli-directory-merged = { $count ->
        [0] Aucune adresse en double.
        [one] { $count } ligne en double fusionnée.
       *[other] { $count } lignes en double fusionnées.
    }
cli-directory-skipped = { $count ->
        [0] Aucune ligne ignorée.
        [one] { $count } ligne ignorée :
       *[other] { $count } lignes ignorées :
    }
cli-directory-skipped-line =   ligne { $line } : { $reason }
cli-directory-problem-column_count = nombre de colonnes incorrect
cli-directory-problem-not_utf8 = caractères illisibles (pas en UTF-8)
cli-directory-problem-mailbox_kind = type de BAL autre que PER ou ORG
cli-directory-problem-address = adresse de messagerie invalide
cli-directory-kind-per = Personnelle
cli-directory-kind-org = Organisationnelle
cli-directory-result = [{ $kind }] { $name } — { $activity } — { $locality } — { $structure } — { $address }
cli-directory-empty = Aucun annuaire national chargé. Importez l'extraction avec « medimail directory import FICHIER » ou téléchargez-la avec « medimail directory import --download ».
cli-directory-info = Extraction du { $date } : { $entries } adresses, importée le { $imported }.
cli-directory-api-key-saved = Clé de l'API de l'Annuaire Santé enregistrée dans le trousseau du système.
cli-directory-api-key-removed = Clé de l'API de l'Annuaire Santé oubliée : la recherche en ligne n'est plus possible.
cli-directory-field-address = Adresse MSSanté : { $value }
cli-directory-field-kind = Type de boîte : { $value }
cli-directory-field-civility = Civilité : { $value }
cli-directory-field-surname = Nom : { $value }
cli-directory-field-first_name = Prénom : { $value }
cli-directory-field-national_id = Identification nationale : { $value }
cli-directory-field-pp_id = Identifiant RPPS : { $value }
cli-directory-field-category = Catégorie professionnelle : { $value }
cli-directory-field-profession = Profession : { $value }
cli-directory-field-skill = Savoir-faire : { $value }
cli-directory-field-dematerialisation = Dématérialisation : { $value }
cli-directory-field-structure_id = Identifiant de la structure : { $value }
cli-directory-field-company = Raison sociale : { $value }
cli-directory-field-trade_name = Enseigne : { $value }
cli-directory-field-service = Service : { $value }
cli-directory-field-location_complement = Complément de localisation : { $value }
cli-directory-field-distribution_complement = Complément de distribution : { $value }
cli-directory-field-street = Voie : { $value }
cli-directory-field-place_mention = Lieu-dit : { $value }
cli-directory-field-routing_line = Acheminement : { $value }
cli-directory-field-postal_code = Code postal : { $value }
cli-directory-field-city = Commune : { $value }
cli-directory-field-department = Département : { $value }
cli-directory-field-region = Région : { $value }
cli-directory-field-country = Pays : { $value }

## medimail directory: the operator's directory
cli-directory-linked = Ci-dessous les adresses organisationnelles accessibles par le professionnel :
cli-directory-operator-unreachable = L’annuaire de l’opérateur n’a pas pu être consulté : seuls les résultats de l’annuaire national sont affichés.
cli-directory-field-phone = Téléphone : { $value }
cli-directory-field-source = Source : { $value }
cli-directory-source-national = annuaire national
cli-directory-source-operator = annuaire de l’opérateur
cli-directory-source-both = annuaire national et annuaire de l’opérateur
cli-directory-source-online = Annuaire Santé en ligne (API FHIR)

## medimail profile
cli-profile-saved = Votre fiche a été enregistrée dans l’annuaire.
cli-yes = oui
cli-no = non
cli-profile-address = Adresse Medimail : { $value }
cli-profile-account_type = Type de compte : { $value }
cli-profile-rpps = RPPS : { $value }
cli-profile-surname = Nom : { $value }
cli-profile-first_name = Prénom : { $value }
cli-profile-phone = Téléphone 1 : { $value }
cli-profile-mobile = Téléphone 2 : { $value }
cli-profile-street = Adresse : { $value }
cli-profile-city = Ville : { $value }
cli-profile-postal_code = Code postal : { $value }
cli-profile-region = Région : { $value }
cli-profile-department = Département : { $value }
cli-profile-company = Raison sociale : { $value }
cli-profile-profession = Profession : { $value }
cli-profile-specialty = Spécialité : { $value }
cli-profile-finess = FINESS : { $value }
cli-profile-responsible = Responsable : { $value }
cli-profile-description = Description : { $value }
cli-profile-visible_medimail = Adresse Medimail visible dans l’annuaire : { $value }
cli-profile-visible_mssante = Adresse MSSanté visible dans l’annuaire : { $value }
cli-profile-dematerialisation = Je souhaite dématérialiser tous mes échanges et ne plus recevoir de papier : { $value }
cli-account-directory = Annuaire de l’opérateur de { $email } : { $url }
cli-directory-favorite-added = Ajouté aux favoris : { $address }
cli-directory-favorite-removed = Retiré des favoris : { $address }
cli-directory-favorite-absent = { $address } n'était pas dans les favoris.
cli-directory-favorite-none = Aucun favori.
cli-directory-favorite-unlisted = { $line } (absent de l'annuaire chargé)

## medimail directory source
cli-directory-download-url = Adresse de téléchargement de l’annuaire national : { $url }
cli-directory-download-ca = Certificats d’autorité reconnus en plus de ceux du système : { $path }
cli-directory-download-system-roots = Certificats d’autorité : ceux du système seulement.
cli-no-forwarding = Aucun transfert automatique.
cli-autoreply-on = Réponse automatique : activée
cli-autoreply-off = Réponse automatique : désactivée
cli-autoreply-start = Début : { $date }
cli-autoreply-end = Fin : { $date }
cli-autoreply-subject = Objet : { $subject }

# medimail notify
cli-notify-test-shown = Notification d’essai envoyée au service de notifications.
cli-notify-on = activé
cli-notify-off = désactivé
cli-notify-show-subject = Objet dans les notifications : { $state }
cli-notify-do-not-disturb = Ne pas déranger : { $state }
cli-notify-digest = Point quotidien : { $time }
cli-notify-account = Notifications de { $email } : { $state }
cli-updates-checks = Recherche des mises à jour : { $state }
cli-updates-server-default = Serveur de mises à jour : { $url } (celui du projet)
cli-updates-server-custom = Serveur de mises à jour : { $url } (celui du cabinet)
cli-updates-newer = Le serveur propose la version { $version } (celle-ci : { $current }). Elle sera proposée dans la fenêtre, qui vérifie sa signature avant de l’installer.
cli-updates-none = Aucune version plus récente : le serveur propose la { $version } (celle-ci : { $current }).
cli-updates-nothing = Le serveur ne propose aucune version (celle-ci : { $current }).
