// The Annuaire's page as the end-to-end tests read and drive it.

/** Empties the Annuaire's search fields (WebDriver's clear sends no input event). */
export function clearFields(session) {
  return session.execute(
    `for (const el of document.querySelectorAll('[data-testid="directory-view"] input[type="search"]')) {
       el.value = '';
       el.dispatchEvent(new Event('input', { bubbles: true }));
     }`,
  );
}

/** The addresses of the rows drawn in the table `testid`, in order. */
export function rowAddresses(session, testid = 'directory-results') {
  return session.execute(
    `return Array.from(document.querySelectorAll('[data-testid="${testid}"] [data-testid="directory-row"]')).map((r) => r.dataset.address)`,
  );
}

/** The control `testid` of the row showing `address`. */
export function rowControl(address, testid) {
  return `[data-testid="directory-row"][data-address="${address}"] [data-testid="${testid}"]`;
}
