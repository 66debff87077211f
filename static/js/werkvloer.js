/* Progressive enhancement for the social workers' screens. Everything works without it.
   No inline scripts: this file is the only script besides htmx (CSP-ready). */
(function () {
  "use strict";

  // Move focus to what changed: an error message, the first invalid field, or a confirmation.
  function focusIn(root) {
    var doel = root.querySelector("[data-focus]") ||
      root.querySelector("[aria-invalid='true']") ||
      root.querySelector("[role='status']");
    if (doel) {
      if (!doel.hasAttribute("tabindex") && !/^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(doel.tagName)) {
        doel.setAttribute("tabindex", "-1");
      }
      doel.focus();
    }
  }

  // "Select all" checkbox for a group of checkboxes with the same name.
  function allesAan(event) {
    var bron = event.target;
    var naam = bron.getAttribute("data-alles-aan");
    if (!naam) { return; }
    var form = bron.form || document;
    form.querySelectorAll("input[type='checkbox'][name='" + naam + "']").forEach(function (vak) {
      vak.checked = bron.checked;
    });
  }

  // Show the art. 60 fields only when the chosen traject soort is art. 60.
  function art60Zichtbaarheid() {
    var soort = document.getElementById("id_soort");
    var velden = document.getElementById("art60-velden");
    if (!soort || !velden) { return; }
    velden.hidden = soort.value !== "art60";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var main = document.getElementById("inhoud");
    if (main && main.querySelector("[data-focus]")) { focusIn(main); }
    document.addEventListener("change", function (event) {
      allesAan(event);
      if (event.target && event.target.id === "id_soort") { art60Zichtbaarheid(); }
    });
    art60Zichtbaarheid();
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var doel = event.detail.target;
    if (doel && doel.id && document.getElementById(doel.id)) {
      focusIn(document.getElementById(doel.id));
    } else if (doel) {
      focusIn(doel);
    }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var res = document.getElementById("resultaten");
    if (res && event.detail.elt && event.detail.elt.id === "caseload-form") {
      res.setAttribute("aria-busy", "true");
    }
  });
})();
