-- Structured messages (DMP feeding) are listed by their label: the `XDM/1.0/DDM+` prefix
-- leaves the subjects already stored, as the parser now leaves it out of new ones (issue
-- 11, defect 3). LIKE ignores ASCII case, as the parser does; the raw bytes keep the prefix.
UPDATE message
SET subject = ltrim(substr(ltrim(subject), length('XDM/1.0/DDM+') + 1))
WHERE ltrim(subject) LIKE 'XDM/1.0/DDM+%';
