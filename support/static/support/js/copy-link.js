// "Copy the link" on a support window and the finder's results: copies the
// link shown in the read-only field (which can be selected by hand without
// JavaScript, where the button stays hidden).
(function () {
  "use strict";
  document.querySelectorAll(".support-share__copy").forEach(function (box) {
    var button = box.querySelector(".support-share__copy-button");
    var field = box.querySelector(".support-share__url");
    var status = box.querySelector(".support-share__status");
    if (!button || !field || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        status.textContent = button.dataset.done;
      }, function () {
        field.select();
      });
    });
  });
})();
