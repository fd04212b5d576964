// The overview page's script: it shows the findings' filter and hides the rows it does not
// match. Without it the page reads the same, every row shown. Replace it with
// templates/overview/overview.js in the inputs' templates folder.
(function () {
  "use strict";
  var form = document.getElementById("finding-filter");
  var holder = document.getElementById("finding-table");
  var count = document.getElementById("finding-count");
  if (!form || !holder || !count) {
    return;
  }
  var rows = Array.prototype.slice.call(holder.querySelectorAll("tbody tr"));
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var template = count.getAttribute("data-template") || "{shown} / {total}";
  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var keep = selects.every(function (s) {
        return s.value === "" || row.getAttribute("data-" + s.name) === s.value;
      });
      row.hidden = !keep;
      if (keep) {
        shown += 1;
      }
    });
    count.textContent = template
      .replace("{shown}", shown.toLocaleString(document.documentElement.lang))
      .replace("{total}", rows.length.toLocaleString(document.documentElement.lang));
  }
  selects.forEach(function (s) {
    s.addEventListener("change", apply);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
  });
  form.hidden = false;
  apply();
})();
