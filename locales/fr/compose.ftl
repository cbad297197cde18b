### What can be wrong with a message before it is sent (ComposeProblem), and with an INS (InsError).

problem-missing_to = Le champ À est obligatoire.
problem-missing_subject = L'objet est obligatoire.
problem-too_many_recipients = { $count } destinataires : { $max } au maximum, copies comprises.
problem-invalid_address = Adresse invalide : { $address }
problem-invalid_sender = Adresse d'expéditeur invalide : { $address }
problem-patient_address_in_pro = { $address } est l'adresse d'un patient : écrivez-lui avec « Nouveau message Patient ».
problem-missing_patient = Saisissez l'INS du patient dans le champ À.
problem-one_patient_only = Un message patient ne concerne qu'un seul patient : saisissez un seul INS.
problem-no_cc_for_patient = Pas de copie (CC) pour un message patient : il va directement dans l'espace santé du patient.
problem-ins-empty = INS du patient : { ins-empty }
problem-ins-wrong_length = INS du patient : { ins-wrong_length }
problem-ins-not_digits = INS du patient : { ins-not_digits }
problem-ins-provisional = INS du patient : { ins-provisional }
problem-ins-missing_key = INS du patient : { ins-missing_key }
problem-ins-bad_sex = INS du patient : { ins-bad_sex }
problem-ins-bad_month = INS du patient : { ins-bad_month }
problem-ins-bad_key = INS du patient : { ins-bad_key }
problem-account_cannot_write_to_patients = Un compte { $account ->
        [personnel] Personnel
        [interne] Interne
        [medimail] Medimail
       *[organisationnel] Organisationnel
    } n'a pas de numéro RPPS et ne peut pas envoyer de message à un patient. Passez par un compte ayant une adresse MSSanté, par exemple une boîte organisationnelle.
problem-patient_too_large = Message de { $size } Mo : { $limit } Mo au maximum pour un patient.
problem-too_large = Message de { $size } Mo : le serveur accepte { $limit } Mo au maximum.

ins-empty = Saisissez l'INS du patient (15 caractères).
ins-wrong_length = L'INS compte 15 caractères, { $len } { $len ->
        [one] saisi
       *[other] saisis
    }.
ins-not_digits = L'INS ne contient que des chiffres (et 2A ou 2B pour un patient né en Corse).
ins-provisional = Numéro provisoire (NNP), pas un INS : utilisez le matricule INS du patient.
ins-missing_key = 13 caractères sans clé : ce n'est pas un INS (numéro provisoire ou clé oubliée). Saisissez les 15 caractères de l'INS.
ins-bad_sex = Premier chiffre { $digit } : il doit être 1 ou 2.
ins-bad_month = Mois de naissance { $month } impossible dans un INS.
ins-bad_key = Clé incorrecte : attendue { $expected }, saisie { $found }. Vérifiez le numéro.
