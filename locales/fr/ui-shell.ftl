### The window: top bar, folders, account menu, status bar, dialogs.

shell-confirm = Confirmer
shell-cancel = Annuler
shell-close = Fermer
shell-splitter = Séparation entre la liste et le message
shell-readingPane = Volet de lecture
shell-readingPane-below = Sous la liste
shell-readingPane-beside = À droite de la liste
shell-loading = Chargement…
shell-unavailable-title = Vos messages ne peuvent pas être ouverts pour l’instant
shell-unavailable-kept = Rien n’est perdu : vos messages, vos brouillons et la boîte d’envoi restent enregistrés sur cet ordinateur.
shell-unavailable-retry = Réessayer
shell-unavailable-retrying = Nouvelle tentative…
shell-folderDelete-title = Supprimer le dossier « { $name } » ?
shell-folderDelete-body = { $count ->
        [one] Le message de ce dossier sera replacé dans la boîte de réception avant sa suppression. Aucun message n’est perdu.
       *[other] Les { $count } messages de ce dossier seront replacés dans la boîte de réception avant sa suppression. Aucun message n’est perdu.
    }
shell-folderDelete-confirm = Supprimer le dossier
shell-folderCreated = Dossier « { $name } » créé
shell-folderRenamed = Dossier renommé en « { $name } »
shell-folderDeleted = { $count ->
        [one] Dossier supprimé ; { $count } message replacé dans la boîte de réception
       *[other] Dossier supprimé ; { $count } messages replacés dans la boîte de réception
    }
shell-moved = { $count ->
        [one] { $count } message déplacé vers « { $name } »
       *[other] { $count } messages déplacés vers « { $name } »
    }
shell-sent = Message envoyé
shell-queued = Message placé dans la boîte d’envoi : il partira dès que la connexion reviendra
shell-draftKept = Brouillon enregistré
shell-welcome-title = Bienvenue dans Medimail Desktop
shell-welcome-body = Ajoutez votre compte de messagerie sécurisée de santé. Vos messages seront conservés sur cet ordinateur, chiffrés, même après leur suppression du serveur.
shell-setup-title = Ajouter un compte
shell-setup-email = Adresse de messagerie
shell-setup-name = Nom affiché (facultatif)
shell-setup-password = Mot de passe
shell-setup-kind = Type de compte
shell-setup-kind-personnel = Personnel (professionnel avec RPPS)
shell-setup-kind-organisationnel = Organisationnel (boîte de structure)
shell-setup-kind-medimail = Medimail (professionnel sans RPPS)
shell-setup-kind-interne = Interne (messagerie interne)
shell-setup-servers = Serveurs
shell-setup-lookup-looking = Recherche des serveurs de « { $domain } »…
shell-setup-lookup-found = Serveurs annoncés par « { $domain } » : vérifiez-les, puis continuez.
shell-setup-lookup-none = « { $domain } » n'annonce pas ses serveurs : indiquez-les ci-dessous.
shell-setup-imap = Serveur de réception (IMAP), hôte:port
shell-setup-smtp = Serveur d’envoi (SMTP), hôte:port
shell-setup-tls = Sécurité
shell-setup-tls-implicit = TLS direct
shell-setup-tls-starttls = STARTTLS
shell-setup-login = Identifiant (si différent de l’adresse)
shell-setup-ca = Certificat d’autorité supplémentaire (chemin du fichier PEM, facultatif)
shell-setup-submit = Se connecter et ajouter
shell-setup-checking = Connexion au serveur…
shell-setup-required = Ce champ est obligatoire.
shell-setup-badAddress = Saisissez une adresse de la forme nom@domaine.fr.
shell-setup-badServer = Saisissez le serveur sous la forme hôte:port (par exemple imap.exemple.fr:993).
shell-setup-done = Compte ajouté : première synchronisation en cours
shell-shortcuts-title = Raccourcis clavier
shell-shortcuts-open = Afficher les raccourcis clavier
shell-shortcuts-compose = Nouveau message
shell-shortcuts-refresh = Actualiser
shell-shortcuts-search = Rechercher
shell-shortcuts-reply = Répondre
shell-shortcuts-replyAll = Répondre à tous
shell-shortcuts-forward = Transférer
shell-shortcuts-delete = Supprimer les messages sélectionnés
shell-shortcuts-settings = Gérer mon compte
shell-shortcuts-help = Cette aide
shell-shortcuts-folders = Aller au dossier (1 réception, 2 envoyés, 3 brouillons, 4 supprimés)
shell-shortcuts-renameFolder = Renommer le dossier sélectionné
shell-search-results = Résultats de recherche
shell-switch-title = Changer de compte
shell-switch-add = Ajouter un compte
shell-switch-through = ouverte par { $email }
shell-switch-shared = Boîtes organisationnelles accessibles
shell-switch-shared-loading = Recherche des boîtes organisationnelles partagées avec vos comptes…
shell-switch-shared-none = Aucune autre boîte organisationnelle n’est partagée avec vos comptes.
shell-switch-open = Ouvrir
shell-switch-openFor = Ouvrir la boîte organisationnelle { $email }
shell-switch-opening = Ouverture…
shell-switch-opened = Boîte organisationnelle { $email } ouverte avec votre connexion.
app-name = Medimail Desktop
topbar-search-label = Rechercher un message
topbar-search-placeholder = Rechercher un message…
topbar-refresh = Actualiser
topbar-refresh-hint = Actualiser la boîte mail
account-noName = Mon compte
account-manage = Gérer mon compte
account-switch = Changer de compte
account-logout = Se déconnecter
account-language = Langue
language-fr = Français
language-en = English
mode-label = Type de messagerie
mode-pro = Pro
mode-patient = Patient
mode-pro-hint = Messages avec les professionnels de santé
mode-patient-hint = Messages avec les patients et usagers
compose-pro = Nouveau message Pro
compose-patient = Nouveau message Patient
compose-patient-notAllowed = Ce type de compte ne peut pas écrire aux patients : passez par une boîte organisationnelle ou un compte personnel avec RPPS.
folders-label = Dossiers
folders-inbox = Boîte de réception
folders-sent = Messages envoyés
folders-drafts = Brouillons
folders-trash = Messages supprimés
folders-directory = Annuaire
folders-new = Nouveau dossier
folders-unread = { $count ->
        [one] { $count } non lu
       *[other] { $count } non lus
    }
folders-junk = Courrier indésirable
folders-archive = Archives
folders-mine = Mes dossiers
folders-shared = Boîte partagée : { $owner }
folders-new-label = Nom du nouveau dossier
folders-new-placeholder = Nom du dossier, puis Entrée
folders-rename = Renommer
folders-rename-label = Renommer le dossier « { $name } »
folders-delete = Supprimer
folders-delete-label = Supprimer le dossier « { $name } »
folders-archived = Messages archivés
folders-unified = Toutes les boîtes de réception
folders-archived-hint = Messages conservés sur cet ordinateur après leur suppression du serveur (90 jours)
folders-notOnServer = Ce dossier n’existe plus sur le serveur ; ses messages restent ici
folders-name-empty = Saisissez un nom de dossier.
folders-name-tooLong = Ce nom est trop long (100 caractères au plus).
folders-name-invalid = Ce nom contient un caractère non autorisé (% * " \).
folders-name-taken = Un dossier porte déjà ce nom.
folders-name-separator = Sur ce serveur, « { $char } » sépare les niveaux de dossiers : un nom ne peut pas le contenir. Pour un sous-dossier, utilisez « / ».
reader-label = Lecture du message
reader-empty = Sélectionnez un message pour le lire
status-label = État de l’application
status-online = En ligne
status-offline = Hors ligne
status-connecting = Connexion…
status-outbox = Boîte d’envoi : { $count }
status-sync = Synchronisation { $done }/{ $total }
status-version = Version { $version }

## Connexion : carte CPS / CPE, e-CPS, adresse et mot de passe ; déconnexion ; carte retirée
signin-signedOut-title = Vous êtes déconnecté
signin-signedOut-body = Connectez-vous pour retrouver vos messages. Vos brouillons et votre boîte d’envoi sont conservés.
signin-add-title = Ajouter un compte
signin-methods = Mode de connexion
signin-method-card = Carte CPS / CPE
signin-method-ecps = e-CPS
signin-method-password = Adresse et mot de passe
signin-card-intro = La carte doit être dans le lecteur. Cliquez sur « Authentifier » puis renseignez le code PIN.
signin-card-add-intro = Saisissez l’adresse de messagerie du compte, la carte dans le lecteur : le compte sera lié au titulaire de la carte.
signin-card-checkingStatus = Lecture du lecteur de carte…
signin-card-state-no_service = Le service des cartes à puce n’est pas disponible sur cet ordinateur : la carte ne peut pas être lue.
signin-card-state-no_reader = Aucun lecteur de carte n’est branché.
signin-card-state-no_card = Insérez votre carte CPS dans le lecteur.
signin-card-state-not_cps = Cette carte n’est pas une carte CPS.
signin-card-state-unreadable = La carte n’a pas pu être lue. Retirez-la puis réinsérez-la.
signin-card-state-blocked = Cette carte est bloquée : le code PIN a été mal saisi trop de fois. Débloquez-la avec votre code de déblocage (PUK) ou demandez une nouvelle carte.
signin-card-state-ready = Carte CPS prête.
signin-card-holder = Carte de { $name }
signin-card-tries = { $tries ->
        [one] { $tries } essai restant pour le code PIN.
       *[other] { $tries } essais restants pour le code PIN.
    }
signin-card-authenticate = Authentifier
signin-card-pin = Code PIN de la carte
signin-card-pin-hint = Le code PIN est vérifié par la carte ; il n’est jamais enregistré.
signin-card-submit = Valider
signin-card-checking = Vérification du code PIN…
signin-advanced = Options avancées
signin-servers-hint = Les serveurs sont trouvés à partir de l’adresse : ne les saisissez que si la recherche échoue.
signin-ecps-intro = Renseignez votre identifiant puis cliquez sur « Se connecter avec e-CPS ». Un code va s’afficher à l’écran : sur l’application mobile e-CPS, sélectionnez le bon code.
signin-ecps-identifier = Identifiant e-CPS
signin-ecps-submit = Se connecter avec e-CPS
signin-ecps-code = Sur l’application mobile e-CPS, sélectionnez ce code :
signin-ecps-waiting = En attente de votre validation sur le téléphone…
signin-ecps-browser = Se connecter dans le navigateur
signin-ecps-browser-waiting = Terminez la connexion dans la fenêtre du navigateur qui vient de s’ouvrir…
signin-ecps-cancelled = Connexion e-CPS annulée.
signin-password-account = Compte
signin-password-submit = Se connecter
signin-checking = Connexion…
signin-done = Vous êtes connecté.
signin-signedOut-done = Vous êtes déconnecté : aucun message n’est affiché.
lock-title = Carte CPS retirée
lock-body = Réinsérez votre carte et saisissez votre code PIN. Rien n’est perdu : ce que vous étiez en train d’écrire est conservé.
lock-done = Messagerie déverrouillée.
lock-idle-title = Session verrouillée
lock-idle-card-body = Saisissez le code PIN de votre carte CPS pour afficher vos messages. Rien n’est perdu : ce que vous étiez en train d’écrire est conservé.
lock-idle-password-body = Saisissez votre mot de passe pour afficher vos messages. Rien n’est perdu : ce que vous étiez en train d’écrire est conservé.
lock-idle-psc-body = Reconnectez-vous avec Pro Santé Connect pour afficher vos messages : seul le praticien de ce compte peut déverrouiller. Rien n’est perdu : ce que vous étiez en train d’écrire est conservé.
account-lock = Verrouiller
lock-unlock = Déverrouiller

# The notice of a newer version (issue 16): nothing is installed without "Installer et redémarrer".
update-available = Une mise à jour est disponible (version { $version })
update-notes = Nouveautés
update-install = Installer et redémarrer
update-retry = Réessayer
update-later = Plus tard
update-downloading = Téléchargement et vérification de la mise à jour…
update-downloading-percent = Téléchargement de la mise à jour : { $percent } %
