### The printed message (the print document of the window): the heading above the body.

print-from = De
print-to = À
print-cc = Copie
print-date = Date
print-attachments = Pièces jointes
print-no-subject = (sans objet)
