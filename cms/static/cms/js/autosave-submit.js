// The page editor: a save or publish while Wagtail's autosave is on its way
// waits for it (issue 14).
//
// On a new page the first autosave creates the page and then points the form
// at the page's edit URL. A click on 公開 while that request was still on its
// way sent the form to the "add" URL as well, and the section got two pages:
// the autosaved draft and the published one, whose slug ended in "-2". The
// form is now sent once the autosave has answered, to the URL it gave. The
// button the editor clicked goes with it as a hidden field: by then Wagtail
// has disabled it, and a disabled button is not sent.
(() => {
  "use strict";

  const inFlight = new WeakSet();
  const waiting = new WeakMap();
  const LONGEST_WAIT = 10000; // ms: then the form goes anyway

  document.addEventListener("w-autosave:save", (event) => {
    const form = event.target;
    // A listener may still cancel the save: only then is nothing sent.
    setTimeout(() => {
      if (!event.defaultPrevented) inFlight.add(form);
    }, 0);
  });

  const settle = (event) => {
    const form = event.target;
    inFlight.delete(form);
    const send = waiting.get(form);
    if (send) send();
  };
  document.addEventListener("w-autosave:success", settle);
  document.addEventListener("w-autosave:error", settle);

  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!inFlight.has(form) || waiting.has(form)) return;
      event.preventDefault();
      const submitter = event.submitter;
      let sent = false;
      const send = () => {
        if (sent) return;
        sent = true;
        waiting.delete(form);
        if (submitter && submitter.name) {
          const field = document.createElement("input");
          field.type = "hidden";
          field.name = submitter.name;
          field.value = submitter.value;
          form.append(field);
        }
        HTMLFormElement.prototype.submit.call(form);
      };
      waiting.set(form, send);
      setTimeout(send, LONGEST_WAIT);
    },
    true,
  );
})();
