// The editor's desk: reloads the page when the preview has rebuilt (a saved correction,
// a new seed), unless the editor has started filling in a form on it.
(() => {
  let editing = false;
  document.addEventListener("input", () => { editing = true; });
  const events = new EventSource("/events");
  events.addEventListener("reload", () => { if (!editing) location.reload(); });
})();
