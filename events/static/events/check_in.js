// Check-in on a phone: each tap is saved by a POST; the page says whether it was.
// Without this script the same forms post and come back (a full page load).
(function () {
  "use strict";
  var status = document.querySelector("[data-check-in-status]");
  document.querySelectorAll("form[data-check-in]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button");
      var field = form.querySelector("input[name=attended]");
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) {
          field.value = data.attended ? "0" : "1";
          button.setAttribute("aria-pressed", data.attended ? "true" : "false");
          button.classList.toggle("button-secondary", data.attended);
          var label = button.dataset.name;
          button.textContent = (data.attended ? "✓ " : "") + label + " — " +
            (data.attended ? form.dataset.attendedLabel : form.dataset.checkLabel);
          button.classList.remove("check-in__button--failed");
          status.textContent = label + "：" + form.dataset.saved;
        })
        .catch(function () {
          status.textContent = button.dataset.name + "：" + form.dataset.failed;
          button.classList.add("check-in__button--failed");
        })
        .finally(function () {
          button.disabled = false;
        });
    });
  });
})();
