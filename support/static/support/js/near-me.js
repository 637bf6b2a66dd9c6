// "Near me" on the finder (/support/): the browser's location, asked only when
// the resident presses the button, rounded to about 100 m and sent to this
// site only (the lat/lng fields of the filter form), to list nearest first.
// Without JavaScript or location the button stays hidden: area and postal code work.
(function () {
  "use strict";
  var button = document.querySelector(".support-near-me");
  if (!button || !("geolocation" in navigator)) {
    return;
  }
  var form = button.form;
  var status = form.querySelector(".support-near-me__status");
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        form.elements.lat.value = position.coords.latitude.toFixed(3);
        form.elements.lng.value = position.coords.longitude.toFixed(3);
        form.submit();
      },
      function () {
        button.disabled = false;
        status.textContent = button.dataset.failed;
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
    );
  });
})();
