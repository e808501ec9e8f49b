/* Tilsyn's own behaviour, in a file so the Content-Security-Policy needs no inline script.
 * Every page works without it; it only adds focus handling and show/hide conveniences. */
(function () {
  "use strict";

  function init(root) {
    // An error summary takes focus so screen readers announce it (DKFDS pattern).
    var summary = root.querySelector ? root.querySelector("[data-focus-on-load]") : null;
    if (summary) { summary.focus(); }

    // <fieldset data-skjul-naar="fase=prae"> is hidden while the radio "fase" has the value "prae".
    var toggles = root.querySelectorAll ? root.querySelectorAll("[data-skjul-naar]") : [];
    toggles.forEach(function (el) {
      var rule = el.getAttribute("data-skjul-naar").split("=");
      var name = rule[0], value = rule[1];
      var form = el.closest("form") || document;
      var radios = form.querySelectorAll('input[name="' + name + '"]');
      function sync() {
        var checked = form.querySelector('input[name="' + name + '"]:checked');
        el.classList.toggle("tilsyn-hidden", !!checked && checked.value === value);
      }
      radios.forEach(function (r) { r.addEventListener("change", sync); });
      sync();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (window.DKFDS) { window.DKFDS.init(); }
    init(document);
  });
  // Content swapped in by htmx gets the same behaviour.
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();
