### The window: the message list (seed part 1 §3).

list-label = Liste des messages
list-title-none = Messages
list-title-archived = Messages archivés
list-title-search = Résultats pour « { $query } »
list-count = { $count ->
        [one] { $count } message
       *[other] { $count } messages
    }
list-count-results = { $count ->
        [one] { $count } résultat
       *[other] { $count } résultats
    }
list-count-unread = { $count ->
        [one] { $count } non lu
       *[other] { $count } non lus
    }
list-sort-flag = Drapeau
list-sort-subject = Objet
list-sort-attachment = Pièce jointe
list-sort-read = Lu / non lu
list-sort-date = Date
list-sort-from = Expéditeur
list-sort-hint = Trier par { $column }
list-sort-ascending = { $column }, tri croissant
list-sort-descending = { $column }, tri décroissant
list-col-recipients = Destinataires
list-col-openState = État d’ouverture
list-selectAll = Tout sélectionner
list-row-select = Sélectionner le message « { $subject } »
list-row-noSubject = (sans objet)
list-row-unread = Non lu
list-row-attachment = Pièce jointe
list-row-to = À : { $names }
list-row-archived = archivé
list-row-archived-hint = Message archivé : il n’est plus sur le serveur mais reste consultable sur cet ordinateur
list-row-loading = Chargement…
list-row-flag-red = Drapeau rouge
list-row-flag-orange = Drapeau orange
list-row-flag-yellow = Drapeau jaune
list-row-flag-green = Drapeau vert
list-row-flag-blue = Drapeau bleu
list-row-flag-plain = Drapeau
list-open-all_opened = Tous les destinataires ont ouvert le message
list-open-some_opened = Au moins un des destinataires a ouvert le message
list-open-none_opened = Aucun des destinataires n’a ouvert le message
list-open-no_information = Medimail n’a pas d’information sur l’ouverture de votre message
list-loading = Chargement des messages…
list-searching = Recherche en cours…
list-noFolder = Choisissez un dossier pour afficher ses messages.
list-empty-title = Aucun message dans ce dossier
list-empty-body = Les nouveaux messages apparaîtront ici après actualisation.
list-empty-trash-title = Aucun message supprimé
list-empty-trash-body = Les messages supprimés restent ici 90 jours : vous pouvez les restaurer ou les supprimer définitivement.
list-empty-archived-title = Aucun message archivé
list-empty-archived-body = Les messages effacés du serveur après 90 jours restent consultables ici, sur cet ordinateur.
list-empty-search-title = Aucun résultat
list-empty-search-body = Aucun message ne correspond à « { $query } ». Vérifiez l’orthographe ou essayez le début d’un mot suivi de * (ex. : radio*).
list-error-title = Impossible d’afficher les messages
list-error-partial = Une partie de la liste n’a pas pu être chargée.
list-retry = Réessayer
list-actions-label = Actions sur les messages sélectionnés
list-actions-selected = { $count ->
        [one] { $count } message sélectionné
       *[other] { $count } messages sélectionnés
    }
list-actions-open = Message ouvert
list-actions-clear = Désélectionner
list-action-delete = Supprimer
list-action-delete-hint = Mettre dans les messages supprimés (Suppr)
list-action-restore = Restaurer
list-action-restore-hint = Renvoyer dans le dossier d’origine
list-action-purge = Supprimer définitivement
list-action-purge-hint = Effacer du serveur et de cet ordinateur
list-action-move = Déplacer vers…
list-action-move-hint = Déplacer les messages vers un dossier
list-action-move-none = Aucun autre dossier
list-action-read = Marquer comme lu
list-action-unread = Marquer comme non lu
list-action-flag = Drapeau
list-action-flag-hint = Choisir la couleur du drapeau
list-action-download = Télécharger
list-action-download-hint = Enregistrer sur cet ordinateur (un message : .eml ; plusieurs : un fichier .mbox)
list-action-print = Imprimer
list-action-print-hint = Imprimer le message ouvert
list-action-more = Plus d’actions
list-flag-red = Rouge
list-flag-orange = Orange
list-flag-yellow = Jaune
list-flag-green = Vert
list-flag-blue = Bleu
list-flag-none = Aucun
list-purge-title = Supprimer définitivement ?
list-purge-body = { $count ->
        [one] Le message sera effacé du serveur et de cet ordinateur. Cette action est irréversible.
       *[other] Les { $count } messages seront effacés du serveur et de cet ordinateur. Cette action est irréversible.
    }
list-purge-confirm = Supprimer définitivement
list-cancel = Annuler
list-done-deleted = { $count ->
        [one] { $count } message supprimé
       *[other] { $count } messages supprimés
    }
list-done-restored = { $count ->
        [one] { $count } message restauré
       *[other] { $count } messages restaurés
    }
list-done-purged = { $count ->
        [one] { $count } message supprimé définitivement
       *[other] { $count } messages supprimés définitivement
    }
list-done-moved = { $count ->
        [one] { $count } message déplacé vers « { $folder } »
       *[other] { $count } messages déplacés vers « { $folder } »
    }
list-done-read = { $count ->
        [one] { $count } message marqué comme lu
       *[other] { $count } messages marqués comme lus
    }
list-done-unread = { $count ->
        [one] { $count } message marqué comme non lu
       *[other] { $count } messages marqués comme non lus
    }
list-done-flagged = { $count ->
        [one] { $flag } sur { $count } message
       *[other] { $flag } sur { $count } messages
    }
list-done-unflagged = { $count ->
        [one] Drapeau retiré de { $count } message
       *[other] Drapeau retiré de { $count } messages
    }
list-done-downloaded = Enregistré : { $path }
