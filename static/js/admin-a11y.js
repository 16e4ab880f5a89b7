// Repairs to the markup that django-modeltranslation's language tabs create in the admin.
(function () {
  "use strict";
  var switchLabel = document.currentScript.dataset.switchLabel;

  // jQuery UI's tabs make each <li> the tab (role, roving tabindex, arrow keys, Enter)
  // and leave the link inside it: a control nested in a control (axe: nested-interactive).
  // The link only tells jQuery UI which panel is the tab's; once the tabs are built that
  // is in the tab's aria-controls, so the link gives up its href and becomes plain text.
  // jQuery UI still reads the href on every activation (to tell local panels from remote
  // ones), so the tabs widget is taught that a tab without one is local. This runs
  // before the pages' ready handlers build the tabs: this script is deferred, the ready
  // handlers wait for DOMContentLoaded.
  var jq = [window.jQuery, window.django && window.django.jQuery].find(function (candidate) {
    return candidate && candidate.ui && candidate.ui.tabs;
  });
  if (jq) {
    jq.widget("ui.tabs", jq.ui.tabs, {
      _processTabs: function () {
        this._super();
        var widget = this;
        this.anchors.each(function () {
          if (!this.hasAttribute("href") || !widget._isLocal(this)) {
            return;
          }
          this.removeAttribute("href");
          // Named by what it shows (the language code) and the language it stands for.
          if (this.title && !this.querySelector(".visually-hidden")) {
            var name = document.createElement("span");
            name.className = "visually-hidden";
            name.textContent = " (" + this.title + ")";
            this.appendChild(name);
          }
        });
      },
      _isLocal: function (anchor) {
        return !anchor.hasAttribute("href") || this._super(anchor);
      },
      refresh: function () {
        this._restoreLinks();
        this._super();
      },
      _destroy: function () {
        this._restoreLinks();
        this._super();
      },
      _restoreLinks: function () {
        this.tabs.each(function () {
          var link = this.querySelector("a:not([href])");
          if (link && this.hasAttribute("aria-controls")) {
            link.setAttribute("href", "#" + this.getAttribute("aria-controls"));
          }
        });
      },
    });
  }

  function nameSwitch() {
    // The "all languages" switch has no label.
    var select = document.getElementById("modeltranslation-main-switch");
    if (select && !select.hasAttribute("aria-label")) {
      select.setAttribute("aria-label", switchLabel);
    }
  }

  function nameAutocompletes() {
    // Select2 (the admin's autocomplete fields) names its combobox by the chosen
    // record alone, and an empty one not at all (axe: aria-input-field-name); the
    // field's <label> points at the hidden <select>. The name becomes label + choice,
    // e.g. "Host: Regional Council of Päijät-Häme".
    document
      .querySelectorAll(".select2-selection[role=combobox][aria-labelledby^='select2-']")
      .forEach(function (combobox) {
        var shown = combobox.getAttribute("aria-labelledby");
        if (shown.indexOf(" ") !== -1) {
          return;
        }
        var selectId = shown.replace(/^select2-/, "").replace(/-container$/, "");
        var label = document.querySelector("label[for='" + selectId + "']");
        if (!label) {
          return;
        }
        if (!label.id) {
          label.id = selectId + "-label";
        }
        combobox.setAttribute("aria-labelledby", label.id + " " + shown);
        // The choice inside is text, not a (read-only, unnamed) text box of its own.
        var choice = document.getElementById(shown);
        if (choice && choice.getAttribute("role") === "textbox") {
          choice.removeAttribute("role");
          choice.removeAttribute("aria-readonly");
        }
      });
  }

  function repair() {
    nameSwitch();
    nameAutocompletes();
  }

  // Runs after the admin's own ready handlers (this script is deferred), so Select2
  // has built its boxes; rows added to an inline get theirs on formset:added.
  if (window.django && window.django.jQuery) {
    window.django.jQuery(repair);
  } else {
    document.addEventListener("DOMContentLoaded", repair);
  }
  document.addEventListener("formset:added", nameAutocompletes);
})();
