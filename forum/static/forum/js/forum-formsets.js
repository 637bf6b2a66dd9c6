/* "Add another file" / "Add a poll option" for machina's formsets, without
   jQuery or inline script (CSP). Clones the last form of the formset, clears
   its values, renumbers its prefix and raises TOTAL_FORMS. */
(function () {
  "use strict";

  function addForm(link, formSelector) {
    var forms = document.querySelectorAll(formSelector);
    if (!forms.length) return;
    var last = forms[forms.length - 1];
    var anyInput = last.querySelector("input[name], select[name], textarea[name]");
    if (!anyInput) return;
    var match = anyInput.name.match(/^(.*)-(\d+)-/);
    if (!match) return;
    var prefix = match[1];
    var total = document.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var max = document.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
    if (!total) return;
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) return;
    var clone = last.cloneNode(true);
    var pattern = new RegExp(prefix + "-\\d+-", "g");
    clone.querySelectorAll("[name], [id], label[for]").forEach(function (el) {
      ["name", "id", "for"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) el.setAttribute(attr, value.replace(pattern, prefix + "-" + index + "-"));
      });
      if (el.matches("input[type=checkbox]")) el.checked = false;
      else if (el.matches("input, textarea")) el.value = "";
    });
    clone.querySelectorAll(".initial, .error, .errorlist").forEach(function (el) {
      el.remove();
    });
    last.parentNode.insertBefore(clone, last.nextSibling);
    total.value = index + 1;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("#add_more_attachment, #add_more_poll_option");
    if (!link) return;
    event.preventDefault();
    addForm(link, link.id === "add_more_attachment" ? ".attachment-form" : ".poll-option-form");
  });
})();
