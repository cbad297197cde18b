### The printed message (the print document of the window): the heading above the body.

print-from = From
print-to = To
print-cc = Cc
print-date = Date
print-attachments = Attachments
print-no-subject = (no subject)
