// A month's archive page narrowed to one tag or region (?tag=belarus, ?region=eastern-europe).
//
// A tag's or region's "Briefings per month" bar leads here: "November 2026: 7 briefings" on the
// Belarus page should open on those seven, not on every briefing of November. The page lists the
// whole month without script, or when no briefing of the month has that tag (then it says so).
// The earlier and later month links keep the filter, to follow one country month by month.
(function () {
  "use strict";

  var list = document.querySelector("ul[data-month-briefings]");
  if (!list) { return; }
  var params = new URLSearchParams(window.location.search);
  var kind = params.has("tag") ? "tag" : (params.has("region") ? "region" : null);
  if (!kind) { return; }
  var slug = params.get(kind);
  var items = Array.prototype.slice.call(list.children);
  var name = null;
  var matching = items.filter(function (item) {
    var slugs = (item.getAttribute("data-" + kind) || "").split(" ");
    var position = slugs.indexOf(slug);
    if (position === -1) { return false; }
    // The item's chips name its tags (or regions) in the order of its data attribute.
    var chip = item.querySelectorAll(".chip-" + kind)[position];
    if (chip && !name) { name = chip.textContent; }
    return true;
  });
  var month = list.getAttribute("data-month-briefings");
  var status = document.createElement("p");
  status.className = "month-filter";
  status.setAttribute("role", "status");
  if (!matching.length || !name) {
    status.textContent = "No briefing from " + month + " is filed under “" + slug + "”; here are all " + items.length + ".";
  } else {
    items.forEach(function (item) { item.hidden = matching.indexOf(item) === -1; });
    status.textContent = matching.length + " of the " + items.length + " briefings from " + month + " name " + name + ". ";
    var all = document.createElement("a");
    all.href = window.location.pathname;
    all.textContent = "Show all " + items.length;
    status.appendChild(all);
  }
  list.parentNode.insertBefore(status, list);
  var query = "?" + kind + "=" + encodeURIComponent(slug);
  document.querySelectorAll(".prev-next a").forEach(function (link) {
    link.href = link.href.split("?")[0] + query;
  });
}());
