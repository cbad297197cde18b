### What can be wrong with a message before it is sent (ComposeProblem), and with an INS (InsError).

problem-missing_to = The To field is required.
problem-missing_subject = The subject is required.
problem-too_many_recipients = { $count } recipients: { $max } at most, copies included.
problem-invalid_address = Invalid address: { $address }
problem-invalid_sender = Invalid sender address: { $address }
problem-patient_address_in_pro = { $address } is a patient's address: write with “New patient message”.
problem-missing_patient = Enter the patient's INS in the To field.
problem-one_patient_only = A patient message concerns one patient only: enter a single INS.
problem-no_cc_for_patient = No copy (CC) for a patient message: it goes straight into the patient's health space.
problem-ins-empty = Patient INS: { ins-empty }
problem-ins-wrong_length = Patient INS: { ins-wrong_length }
problem-ins-not_digits = Patient INS: { ins-not_digits }
problem-ins-provisional = Patient INS: { ins-provisional }
problem-ins-missing_key = Patient INS: { ins-missing_key }
problem-ins-bad_sex = Patient INS: { ins-bad_sex }
problem-ins-bad_month = Patient INS: { ins-bad_month }
problem-ins-bad_key = Patient INS: { ins-bad_key }
problem-account_cannot_write_to_patients = { $account ->
        [personnel] A Personal
        [interne] An Intern
        [medimail] A Medimail
       *[organisationnel] An Organisational
    } account has no RPPS number and cannot send messages to patients. Use an account with an MSSanté address, such as an organisational mailbox.
problem-patient_too_large = The message is { $size } MB: { $limit } MB at most for a patient.
problem-too_large = The message is { $size } MB: the server accepts { $limit } MB at most.

ins-empty = Enter the patient's INS (15 characters).
ins-wrong_length = An INS has 15 characters; { $len } entered.
ins-not_digits = An INS holds digits only (and 2A or 2B for a patient born in Corsica).
ins-provisional = Provisional number (NNP), not an INS: use the patient's INS.
ins-missing_key = 13 characters without a key: not an INS (a provisional number or a forgotten key). Enter the 15 characters of the INS.
ins-bad_sex = First digit { $digit }: it must be 1 or 2.
ins-bad_month = Birth month { $month } is not possible in an INS.
ins-bad_key = Wrong key: expected { $expected }, entered { $found }. Check the number.
