// Repairs to the markup that django-modeltranslation's language tabs create in the admin.
(function () {
  "use strict";
  var switchLabel = document.currentScript.dataset.switchLabel;

  function repair() {
    // The "all languages" switch has no label.
    var select = document.getElementById("modeltranslation-main-switch");
    if (select && !select.hasAttribute("aria-label")) {
      select.setAttribute("aria-label", switchLabel);
    }
    // jQuery UI makes each <li> the tab and leaves a link inside it: a control nested in
    // a control. The tab keeps working (jQuery UI handles clicks and keys itself) once
    // the link is no longer a link.
    document.querySelectorAll(".ui-tabs-nav li[role=tab] > a[href]").forEach(function (link) {
      link.removeAttribute("href");
    });
  }

  // This script is deferred: the pages' own scripts have already queued their ready
  // handlers (which build the tabs), so this one runs after them, before "load".
  if (window.django && window.django.jQuery) {
    window.django.jQuery(repair);
  } else {
    document.addEventListener("DOMContentLoaded", repair);
  }
  // Again for each inline row added.
  document.addEventListener("formset:added", function () {
    window.setTimeout(repair, 0);
  });
})();
