# Changes made on this computer that the server refused for good: each was undone here, so
# the mailbox shows what the server holds. $folder and $target are folder paths;
# $folder_role says which standard folder $folder is ("inbox", "trash"…; "none" otherwise).
sync-refused-move = { $count ->
    [one] The server refused to move a message to “{ $target }”: it is back in { $folder_role ->
        [inbox] the inbox
        [trash] the trash
       *[other] “{ $folder }”
    }.
   *[other] The server refused to move { $count } messages to “{ $target }”: they are back in { $folder_role ->
        [inbox] the inbox
        [trash] the trash
       *[other] “{ $folder }”
    }.
}
sync-refused-trash = { $count ->
    [one] The server refused to move a message to the trash: it is back in { $folder_role ->
        [inbox] the inbox
        [trash] the trash
       *[other] “{ $folder }”
    }.
   *[other] The server refused to move { $count } messages to the trash: they are back in { $folder_role ->
        [inbox] the inbox
        [trash] the trash
       *[other] “{ $folder }”
    }.
}
sync-refused-flags = { $count ->
    [one] The server refused to change the state of a message (read, flag) in { $folder_role ->
        [inbox] the inbox
        [trash] the trash
       *[other] “{ $folder }”
    }: the state it holds is shown again.
   *[other] The server refused to change the state of { $count } messages (read, flag) in { $folder_role ->
        [inbox] the inbox
        [trash] the trash
       *[other] “{ $folder }”
    }: the state it holds is shown again.
}
sync-refused-purge = { $count ->
    [one] The server refused to delete a message from { $folder_role ->
        [inbox] the inbox
        [trash] the trash
       *[other] “{ $folder }”
    } for good: it is back there.
   *[other] The server refused to delete { $count } messages from { $folder_role ->
        [inbox] the inbox
        [trash] the trash
       *[other] “{ $folder }”
    } for good: they are back there.
}
sync-refused-create = The server refused to create the folder “{ $folder }”.
sync-refused-rename = The server refused to rename the folder “{ $folder }” to “{ $target }”: it keeps its name.
sync-refused-delete = The server refused to delete the folder “{ $folder }”: it is shown again.
sync-refused-draft = The server refused to save a draft in its Drafts folder: it stays saved on this computer.
