/* Draws each .chart-canvas (portal/templates/portal/includes/bar_chart.html) with the
   self-hosted ECharts, as an SVG horizontal bar chart in the theme's colours. Only an
   enhancement: the HTML bars and the table already show everything, so on any failure, or
   in forced-colours mode (where the HTML bars follow the system's colours), nothing changes. */
(function () {
  "use strict";
  if (!window.echarts || window.matchMedia("(forced-colors: active)").matches) return;
  var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var ruler = document.createElement("canvas").getContext("2d");
  var drawn = [];

  function themeColour(style, name, fallback) {
    return style.getPropertyValue(name).trim() || fallback;
  }

  function widest(texts, px, family) {
    ruler.font = px + "px " + family;
    return Math.max.apply(null, texts.map(function (t) { return ruler.measureText(t).width; }));
  }

  function draw(canvas, figure) {
    var data = JSON.parse(canvas.getAttribute("data-chart"));
    var style = window.getComputedStyle(figure);
    var size = parseFloat(style.fontSize) || 16; // elder mode's larger text is kept
    var family = style.fontFamily;
    var ink = themeColour(style, "--ink", "#1b1f24");
    var unit = data.unit ? " " + data.unit : "";
    var values = data.counts.map(function (count, i) {
      return count + unit + " · " + data.percents[i] + "%";
    });
    // Every label is shown whole (the chart replaces the HTML bars): wrapped within 40% of
    // the width, each row tall enough for the longest label and never under a 44px target.
    var labelWidth = Math.max(canvas.clientWidth * 0.4, 80);
    var lineHeight = Math.round(size * 1.35);
    var lines = data.labels.map(function (label) {
      return Math.ceil((widest([label], size, family) * 1.1) / labelWidth);
    });
    var rowHeight = Math.max(44, Math.max.apply(null, lines) * lineHeight + 12);
    canvas.style.height = data.labels.length * rowHeight + 16 + "px";
    var chart = window.echarts.init(canvas, null, { renderer: "svg" });
    chart.setOption({
      animation: !still,
      textStyle: { fontFamily: family, fontSize: size, color: ink },
      // Room at the right for the widest "12 votes · 37%".
      grid: { left: 4, right: widest(values, size * 0.9, family) + 12, top: 8, bottom: 8,
              containLabel: true },
      xAxis: { type: "value", show: false, max: "dataMax" },
      yAxis: {
        type: "category",
        inverse: true, // the first row on top, as in the table
        data: data.labels,
        axisTick: { show: false },
        axisLine: { lineStyle: { color: themeColour(style, "--line", "#d5dbe1") } },
        axisLabel: { color: ink, fontSize: size, lineHeight: lineHeight, width: labelWidth,
                     overflow: "break" }
      },
      series: [{
        type: "bar",
        data: data.counts,
        barMaxWidth: size * 1.5,
        itemStyle: { color: themeColour(style, "--accent", "#b3261e") },
        label: {
          show: true,
          position: "right",
          color: ink,
          fontSize: size * 0.9,
          formatter: function (p) { return values[p.dataIndex]; }
        }
      }]
    });
    return chart;
  }

  document.querySelectorAll(".chart-canvas[data-chart]").forEach(function (canvas) {
    var figure = canvas.closest(".bar-chart");
    // Shown (and the HTML bars hidden) first: ECharts measures the element it draws into.
    figure.classList.add("bar-chart--drawn");
    try {
      draw(canvas, figure);
      drawn.push([canvas, figure]);
    } catch (error) { // keep the HTML bars
      var chart = window.echarts.getInstanceByDom(canvas);
      if (chart) chart.dispose();
      figure.classList.remove("bar-chart--drawn");
    }
  });
  // A new width changes how labels wrap and rows' heights: draw again once resizing stops.
  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(function () {
      drawn.forEach(function (pair) {
        window.echarts.getInstanceByDom(pair[0]).dispose();
        draw(pair[0], pair[1]);
      });
    }, 200);
  });
})();
