// The editor's desk: reloads the page when the preview has rebuilt (a saved correction,
// a new seed), unless the editor has started filling in a form on it. A rebuild that
// finished before the page could listen counts too. Pages that answer a form carry no
// build count: reloading them would send the form again.
(() => {
  if (document.body.dataset.builds === undefined) return;
  let editing = false;
  document.addEventListener("input", () => { editing = true; });
  const made = Number(document.body.dataset.builds);
  const reload = () => { if (!editing) location.reload(); };
  const events = new EventSource("/events");
  events.addEventListener("reload", reload);
  events.addEventListener("open", async () => {
    const builds = Number(await (await fetch("/builds")).text());
    if (builds > made) reload();
  });
})();
