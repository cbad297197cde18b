# Changes made on this computer that the server refused for good: each was undone here, so
# the mailbox shows what the server holds. $folder and $target are folder paths;
# $folder_role says which standard folder $folder is ("inbox", "trash"…; "none" otherwise).
sync-refused-move = { $count ->
    [one] Le serveur a refusé de déplacer un message vers « { $target } » : il est de nouveau dans { $folder_role ->
        [inbox] la boîte de réception
        [trash] la corbeille
       *[other] « { $folder } »
    }.
   *[other] Le serveur a refusé de déplacer { $count } messages vers « { $target } » : ils sont de nouveau dans { $folder_role ->
        [inbox] la boîte de réception
        [trash] la corbeille
       *[other] « { $folder } »
    }.
}
sync-refused-trash = { $count ->
    [one] Le serveur a refusé de mettre un message à la corbeille : il est de nouveau dans { $folder_role ->
        [inbox] la boîte de réception
        [trash] la corbeille
       *[other] « { $folder } »
    }.
   *[other] Le serveur a refusé de mettre { $count } messages à la corbeille : ils sont de nouveau dans { $folder_role ->
        [inbox] la boîte de réception
        [trash] la corbeille
       *[other] « { $folder } »
    }.
}
sync-refused-flags = { $count ->
    [one] Le serveur a refusé de modifier l'état d'un message (lu, drapeau) dans { $folder_role ->
        [inbox] la boîte de réception
        [trash] la corbeille
       *[other] « { $folder } »
    } : l'état enregistré sur le serveur est rétabli.
   *[other] Le serveur a refusé de modifier l'état de { $count } messages (lu, drapeau) dans { $folder_role ->
        [inbox] la boîte de réception
        [trash] la corbeille
       *[other] « { $folder } »
    } : l'état enregistré sur le serveur est rétabli.
}
sync-refused-purge = { $count ->
    [one] Le serveur a refusé de supprimer définitivement un message de { $folder_role ->
        [inbox] la boîte de réception
        [trash] la corbeille
       *[other] « { $folder } »
    } : il y est de nouveau.
   *[other] Le serveur a refusé de supprimer définitivement { $count } messages de { $folder_role ->
        [inbox] la boîte de réception
        [trash] la corbeille
       *[other] « { $folder } »
    } : ils y sont de nouveau.
}
sync-refused-create = Le serveur a refusé de créer le dossier « { $folder } ».
sync-refused-rename = Le serveur a refusé de renommer le dossier « { $folder } » en « { $target } » : il garde son nom.
sync-refused-delete = Le serveur a refusé de supprimer le dossier « { $folder } » : il est de nouveau affiché.
sync-refused-draft = Le serveur a refusé d'enregistrer un brouillon dans ses brouillons : il reste enregistré sur cet ordinateur.
