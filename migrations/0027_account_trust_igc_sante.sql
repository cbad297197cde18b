-- "Faire confiance aux autorités de certification IGC-Santé pour les domaines MSSanté"
-- (issue 16, Référentiel #2 ECO.1.1.10): when on, the IGC-Santé roots shipped with the app
-- are trusted for the account's MSSanté hosts (engine/src/tls/igc_sante.rs). On for the
-- accounts already in the MSSanté domain, as it is for new ones.
ALTER TABLE account ADD COLUMN trust_igc_sante INTEGER NOT NULL DEFAULT 0 CHECK (trust_igc_sante IN (0, 1));
UPDATE account SET trust_igc_sante = 1
 WHERE lower(email) LIKE '%@mssante.fr' OR lower(email) LIKE '%.mssante.fr'
    OR lower(imap_host) LIKE '%.mssante.fr' OR lower(smtp_host) LIKE '%.mssante.fr';
