/* The dashboard's charts: each fetches its endpoint (the page's filters already in its URL) and draws it with
   ECharts. Words come from the page (titles in data-title, series names in #analytics-labels, category names
   in the rows' labels). A click on a bar or point opens the queue with those complaints. */
(function () {
  "use strict";

  var root = document.getElementById("analytics");
  if (!root || typeof echarts === "undefined") return;
  var labels = JSON.parse(document.getElementById("analytics-labels").textContent);
  var locale = (root.dataset.lang || "").toLowerCase().indexOf("zh") === 0 ? "ZH" : "EN";
  var page = new URLSearchParams(window.location.search);
  var TIMELINESS = ["closed_within_3_business_days", "closed_within_deadline", "closed_after_deadline",
    "open_on_time", "open_past_80_percent", "open_breached"];
  var OUTCOMES = ["upheld_rate", "partly_upheld_rate", "not_upheld_rate"];
  var SATISFACTION = ["satisfied", "dissatisfied", "no_response", "not_asked"];

  function pick(rows, key) { return rows.map(function (r) { return r[key]; }); }

  function uniq(rows, key, labelKey) {
    var seen = {}, out = [];
    rows.forEach(function (r) {
      if (!(r[key] in seen)) { seen[r[key]] = true; out.push({ code: r[key], label: r[labelKey] }); }
    });
    return out;
  }

  function iso(d) { return d.toISOString().slice(0, 10); }

  // The last day of the bucket that starts on `first` (YYYY-MM-DD).
  function bucketEnd(first, interval) {
    var d = new Date(first + "T00:00:00Z");
    if (interval === "week") d.setUTCDate(d.getUTCDate() + 6);
    else if (interval === "month") d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
    return iso(d);
  }

  // The queue with the page's filters, then the clicked item's (`narrow`: parameter -> value; "" drops one).
  function queueUrl(narrow) {
    var q = new URLSearchParams();
    q.set("f", "1");
    q.set("status", "all");
    ["jurisdiction", "department", "channel", "business", "product", "reason"].forEach(function (name) {
      var values = page.getAll(name).join(",").split(",").filter(Boolean);  // a multi-select repeats it
      if (values.length) q.set(name, values.join(","));
    });
    // A manager with a department counts that department's complaints only; the queue would list every one.
    if (root.dataset.scope) q.set("department", root.dataset.scope);
    if (page.get("from")) q.set("received_from", page.get("from"));
    if (page.get("to")) q.set("received_to", page.get("to"));
    Object.keys(narrow).forEach(function (name) {
      if (narrow[name] === "" || narrow[name] === null) q.delete(name);
      else q.set(name, narrow[name]);
    });
    return root.dataset.queue + "?" + q.toString();
  }

  // The page's period taken on the day closed (the charts of closed complaints count by it), within [from, to]
  // when given (a bucket's days).
  function closedPeriod(from, to) {
    var f = page.get("from") || "", t = page.get("to") || "";
    if (from && (!f || from > f)) f = from;
    if (to && (!t || to < t)) t = to;
    return { received_from: "", received_to: "", closed_from: f, closed_to: t };
  }

  function narrowed(base, more) { return Object.assign({}, base, more); }

  function axisCategories(names) {
    return { type: "category", data: names, axisLabel: { interval: 0, hideOverlap: true } };
  }

  function base(title) {
    return {
      animation: false,
      title: { text: title, show: false },
      aria: { enabled: true },
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 48, right: 48, top: 40, bottom: 60 },
    };
  }

  // Each chart: (data, title) -> { option, link(params) -> queue URL or null }.
  var BUILD = {
    "volume": function (data, title) {
      var rows = data.rows, o = base(title);
      o.xAxis = axisCategories(pick(rows, "period"));
      o.yAxis = { type: "value", minInterval: 1 };
      var received = { name: labels.received, type: "bar", data: pick(rows, "received") };
      o.series = [received, { name: labels.closed, type: "line", data: pick(rows, "closed") }];
      if (data.expected && data.expected.length) {
        // The band: the expected count (a dashed line) and, stacked on it, the distance to the alert threshold
        // (shaded), so the shaded area runs from expected to the smallest count that would be an alert.
        var band = {};
        data.expected.forEach(function (e) { band[e.period] = e; });
        var at = function (fn) { return rows.map(function (r) { return band[r.period] ? fn(band[r.period]) : null; }); };
        o.series.push(
          { name: labels.expected, type: "line", stack: "band", symbol: "none", lineStyle: { type: "dashed" },
            data: at(function (e) { return e.expected; }) },
          { name: labels.upper, type: "line", stack: "band", symbol: "none", lineStyle: { opacity: 0 },
            areaStyle: { opacity: 0.2 }, data: at(function (e) { return e.upper - e.expected; }) });
      }
      if (data.alerts && data.alerts.length) {
        // One mark per bucket with alerts, on its bar; the tooltip names the series.
        var marks = {}, index = {};
        rows.forEach(function (r, i) { index[r.period] = i; });
        data.alerts.forEach(function (a) {
          if (!(a.period in index)) return;
          (marks[a.period] = marks[a.period] || []).push(echarts.format.encodeHTML(a.series_label + ": " + a.count));
        });
        received.markPoint = { symbolSize: 36, data: Object.keys(marks).sort().map(function (period) {
          return { name: labels.alerts, coord: [period, rows[index[period]].received], value: marks[period].length,
            tooltip: { formatter: marks[period].join("<br>") } };
        }) };
        received.markPoint.tooltip = { trigger: "item" };
      }
      return { option: o, link: function (p) {
        if (p.componentType !== "series" || p.seriesIndex > 1 || p.dataIndex === undefined) return null;
        var first = rows[p.dataIndex].period, last = bucketEnd(first, data.interval);
        if (p.seriesIndex === 1) return queueUrl(closedPeriod(first, last));  // closed in the bucket
        return queueUrl({ received_from: first, received_to: last });
      } };
    },
    "business-reason": function (data, title) {
      var rows = data.rows, o = base(title);
      var businesses = uniq(rows, "business", "business_label"), reasons = uniq(rows, "reason", "reason_label");
      var counts = {};
      rows.forEach(function (r) { counts[r.business + "\u0000" + r.reason] = r.count; });
      o.tooltip = { trigger: "item" };
      o.xAxis = axisCategories(businesses.map(function (b) { return b.label; }));
      o.yAxis = { type: "value", minInterval: 1 };
      o.series = reasons.map(function (reason) {
        return { name: reason.label, type: "bar", stack: "total",
          data: businesses.map(function (b) { return counts[b.code + "\u0000" + reason.code] || 0; }) };
      });
      return { option: o, link: function (p) {
        return queueUrl({ business: businesses[p.dataIndex].code, reason: reasons[p.seriesIndex].code });
      } };
    },
    "pareto": function (data, title) {
      var rows = data.rows, o = base(title);
      o.xAxis = axisCategories(pick(rows, "reason_label"));
      o.yAxis = [{ type: "value", minInterval: 1 }, { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value} %" } }];
      o.series = [
        { name: labels.count, type: "bar", data: pick(rows, "count") },
        { name: labels.cumulative_share, type: "line", yAxisIndex: 1, data: pick(rows, "cumulative_share") },
      ];
      return { option: o, link: function (p) { return queueUrl({ reason: rows[p.dataIndex].reason }); } };
    },
    "timeliness": function (data, title) {
      var rows = data.rows, o = base(title);
      o.xAxis = axisCategories(pick(rows, "jurisdiction_label"));
      o.yAxis = { type: "value", minInterval: 1 };
      o.series = TIMELINESS.map(function (key) {
        return { name: labels[key], type: "bar", stack: key.indexOf("open") === 0 ? "open" : "closed", data: pick(rows, key) };
      });
      return { option: o, link: function (p) {
        // Open ones are counted by the day received (the page's period as is), closed ones by the day closed.
        var key = TIMELINESS[p.seriesIndex], open = key.indexOf("open") === 0;
        var wanted = { jurisdiction: rows[p.dataIndex].jurisdiction, timeliness: key };
        return queueUrl(open ? wanted : narrowed(closedPeriod(), wanted));
      } };
    },
    "outcomes": function (data, title) {
      var rows = data.rows, o = base(title);
      o.xAxis = axisCategories(pick(rows, "business_label"));
      o.yAxis = { type: "value", max: 100, axisLabel: { formatter: "{value} %" } };
      o.series = OUTCOMES.map(function (key) {
        return { name: labels[key], type: "bar", stack: "rate", data: pick(rows, key) };
      });
      return { option: o, link: function (p) {
        var outcome = OUTCOMES[p.seriesIndex].replace(/_rate$/, "");
        return queueUrl(narrowed(closedPeriod(), { business: rows[p.dataIndex].business, outcome: outcome }));
      } };
    },
    "ageing": function (data, title) {
      var rows = data.rows, o = base(title);
      o.xAxis = axisCategories(pick(rows, "bucket_label"));
      o.yAxis = { type: "value", minInterval: 1 };
      o.series = [{ name: labels.count, type: "bar", data: pick(rows, "count") }];
      return { option: o, link: function (p) {
        var row = rows[p.dataIndex];
        var from = row.received_from, to = row.received_to;
        if (page.get("from") && (!from || page.get("from") > from)) from = page.get("from");
        if (page.get("to") && page.get("to") < to) to = page.get("to");
        return queueUrl({ status: "", received_from: from || "", received_to: to });
      } };
    },
    "satisfaction": function (data, title) {
      var rows = data.rows, o = base(title);
      o.xAxis = axisCategories(pick(rows, "month"));
      o.yAxis = { type: "value", minInterval: 1 };
      o.series = SATISFACTION.map(function (key) {
        return { name: labels[key], type: "bar", stack: "answers", data: pick(rows, key) };
      }).concat([{ name: labels.review_requested, type: "line", data: pick(rows, "review_requested") }]);
      return { option: o, link: function (p) {
        var first = rows[p.dataIndex].month + "-01";
        var wanted = p.seriesIndex < SATISFACTION.length ? { satisfaction: SATISFACTION[p.seriesIndex] }
          : { review_requested: "1" };
        return queueUrl(narrowed(closedPeriod(first, bucketEnd(first, "month")), wanted));
      } };
    },
    "enquiries": function (data, title) {
      var rows = data.rows, o = base(title);
      o.xAxis = axisCategories(pick(rows, "channel_label"));
      o.yAxis = { type: "value", minInterval: 1 };
      o.series = [{ name: title, type: "bar", data: pick(rows, "count") }];
      return { option: o, link: function (p) {
        return queueUrl({ status: "enquiry", channel: rows[p.dataIndex].channel });
      } };
    },
  };

  function message(el, text) {
    el.textContent = "";
    var p = document.createElement("p");
    p.className = "muted";
    p.textContent = text;
    el.appendChild(p);
    el.style.height = "auto";
  }

  // A value as the table shows it (presenters.cell): money per currency as "CNY 200.00; GBP 5.00".
  function cell(value) {
    if (Array.isArray(value)) {
      return value.map(function (m) { return m.currency + " " + m.amount; }).join("; ");
    }
    return value === null || value === undefined ? "" : String(value);
  }

  // The chart's table, from the rows just fetched (the volume's with the expected band of their period).
  function fill(key, data) {
    var table = root.querySelector('table[data-table="' + key + '"]');
    if (!table) return;
    var columns = JSON.parse(table.dataset.columns);
    var band = {};
    (data.expected || []).forEach(function (e) { band[e.period] = e; });
    var body = table.tBodies[0];
    body.textContent = "";
    data.rows.forEach(function (r) {
      var row = key === "volume" && band[r.period] ? Object.assign({}, r, {
        expected: band[r.period].expected, upper: band[r.period].upper }) : r;
      var tr = body.insertRow();
      columns.forEach(function (column, i) {
        var c = document.createElement(i === 0 ? "th" : "td");
        if (i === 0) c.scope = "row"; else c.className = "num";
        c.textContent = cell(row[column]);
        tr.appendChild(c);
      });
    });
    if (!data.rows.length) {
      var p = document.createElement("p");
      p.className = "muted";
      p.textContent = root.dataset.empty;
      table.parentNode.replaceWith(p);
    }
  }

  function draw(el) {
    var key = el.dataset.chart;
    el.dataset.state = "loading";
    return fetch(el.dataset.endpoint, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        fill(key, data);
        if (!data.rows.length) {
          message(el, root.dataset.empty);
          el.dataset.state = "empty";
          return;
        }
        var built = BUILD[key](data, el.dataset.title);
        var chart = echarts.init(el, null, { locale: locale, renderer: "canvas" });
        chart.setOption(built.option);
        chart.on("click", function (params) {
          var url = built.link(params);
          if (url) window.location.assign(url);
        });
        window.addEventListener("resize", function () { chart.resize(); });
        el.dataset.state = "drawn";
      })
      .catch(function () {
        message(el, root.dataset.failed);
        el.dataset.state = "failed";
      });
  }

  // One request at a time: each read first brings the facts up to date, a write that parallel readers would
  // queue behind one another anyway (and that SQLite would refuse while another one holds the table).
  Array.prototype.reduce.call(root.querySelectorAll(".chart[data-chart]"), function (done, el) {
    return done.then(function () { return draw(el); });
  }, Promise.resolve());
})();
