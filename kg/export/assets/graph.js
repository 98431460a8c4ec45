// kg's offline graph page: a force-directed layout on a canvas, a legend, search and node details.
// Every text from the graph reaches the page through textContent or the canvas, never as HTML.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = data.nodes;
  var edges = data.edges; // [source index, target index, type, properties]
  var canvas = document.getElementById("graph");
  var context = canvas.getContext("2d");
  var tooltip = document.getElementById("tooltip");
  var search = document.getElementById("search");

  var IDEAL_LENGTH = 40;
  // Fewer layout rounds for large graphs (300 up to ~10,000 nodes + edges, at least 100), so they finish in seconds.
  var ITERATIONS = Math.round(Math.min(300, Math.max(100, 3e6 / (nodes.length + edges.length + 1))));
  var COOLING = Math.pow(0.01, 1 / ITERATIONS); // the step limit falls to 1% of its start over the layout
  var THETA_SQUARED = 1.44; // Barnes-Hut: a square this small relative to its distance acts as one body
  var MAX_DEPTH = 40;
  var GRAVITY = 0.4; // pulls every node towards the centre so separate components stay on screen
  var CHUNK_MILLISECONDS = 50;
  var NAMED_RADIUS = 9; // nodes drawn at least this large show their name
  var ALL_NAMES_UP_TO = 60; // graphs this small show every name
  var MOST_NAMES = 25; // otherwise at most this many names of large nodes (highest degree first)
  var REDRAW_MILLISECONDS = 500; // while the layout runs, redraw at most this often
  var lastDrawn = -Infinity;

  var view = { x: 0, y: 0, scale: 1 };
  var hiddenLabels = {};
  var matches = null; // indices of nodes matching the search, or null when the box is empty
  var selected = -1;
  var hovered = -1;
  var links = nodes.map(function () { return []; });

  edges.forEach(function (edge) {
    links[edge[0]].push({ node: edge[1], type: edge[2], outgoing: true, properties: edge[3] });
    links[edge[1]].push({ node: edge[0], type: edge[2], outgoing: false, properties: edge[3] });
  });

  function radius(node) {
    // a concept is as large as the number of papers linked to it; anything else by its degree
    var papers = node.label === "Concept" && node.properties ? node.properties.papers : undefined;
    return papers !== undefined ? 3 + Math.sqrt(papers) * 2.5 : 3 + Math.sqrt(node.degree || 0) * 1.5;
  }

  function visible(index) {
    return !hiddenLabels[nodes[index].label];
  }

  // ---- layout: Fruchterman-Reingold with Barnes-Hut repulsion (a quadtree, so large graphs stay fast) ----

  var count = nodes.length;
  var xs = new Float64Array(count);
  var ys = new Float64Array(count);
  var dx = new Float64Array(count);
  var dy = new Float64Array(count);
  for (var start = 0; start < count; start++) {
    var angle = start * 2.399963; // golden angle: an even, deterministic start
    var distance = IDEAL_LENGTH * Math.sqrt(start + 1);
    xs[start] = Math.cos(angle) * distance;
    ys[start] = Math.sin(angle) * distance;
  }
  var iteration = 0;
  var temperature = IDEAL_LENGTH * Math.sqrt(count + 1);

  // The quadtree, one entry per square: its corner and size, the number and summed position of the
  // nodes inside, its first of four children (-1: a leaf) and, for a leaf, the node it holds (-1: none).
  var tree = { left: [], top: [], size: [], mass: [], sumX: [], sumY: [], firstChild: [], body: [] };

  function addSquare(left, top, size) {
    tree.left.push(left);
    tree.top.push(top);
    tree.size.push(size);
    tree.mass.push(0);
    tree.sumX.push(0);
    tree.sumY.push(0);
    tree.firstChild.push(-1);
    tree.body.push(-1);
  }

  function childFor(square, index) {
    var half = tree.size[square] / 2;
    var right = xs[index] >= tree.left[square] + half ? 1 : 0;
    var below = ys[index] >= tree.top[square] + half ? 2 : 0;
    return tree.firstChild[square] + right + below;
  }

  function weigh(square, index) {
    tree.mass[square] += 1;
    tree.sumX[square] += xs[index];
    tree.sumY[square] += ys[index];
  }

  function insert(index) {
    var square = 0;
    for (var depth = 0; ; depth++) {
      if (tree.firstChild[square] === -1 && tree.mass[square] === 0) {
        tree.body[square] = index;
        weigh(square, index);
        return;
      }
      if (tree.firstChild[square] === -1) {
        if (depth >= MAX_DEPTH) {
          weigh(square, index); // (nearly) the same position as another node: share the square
          return;
        }
        var half = tree.size[square] / 2;
        var left = tree.left[square];
        var top = tree.top[square];
        tree.firstChild[square] = tree.size.length;
        addSquare(left, top, half);
        addSquare(left + half, top, half);
        addSquare(left, top + half, half);
        addSquare(left + half, top + half, half);
        var resident = tree.body[square];
        var residentSquare = childFor(square, resident);
        tree.body[square] = -1;
        tree.body[residentSquare] = resident;
        weigh(residentSquare, resident);
      }
      weigh(square, index);
      square = childFor(square, index);
    }
  }

  function buildTree() {
    Object.keys(tree).forEach(function (field) { tree[field].length = 0; });
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (var index = 0; index < count; index++) {
      minX = Math.min(minX, xs[index]);
      minY = Math.min(minY, ys[index]);
      maxX = Math.max(maxX, xs[index]);
      maxY = Math.max(maxY, ys[index]);
    }
    addSquare(minX, minY, Math.max(maxX - minX, maxY - minY) + 1);
    for (index = 0; index < count; index++) insert(index);
  }

  function repel(index) {
    var pending = [0];
    while (pending.length) {
      var square = pending.pop();
      var mass = tree.mass[square];
      if (!mass || tree.body[square] === index) continue;
      var ox = xs[index] - tree.sumX[square] / mass;
      var oy = ys[index] - tree.sumY[square] / mass;
      var squared = ox * ox + oy * oy;
      var leaf = tree.firstChild[square] === -1;
      if (leaf || tree.size[square] * tree.size[square] < THETA_SQUARED * squared) {
        var push = (IDEAL_LENGTH * IDEAL_LENGTH * mass) / Math.max(squared, 0.01);
        dx[index] += ox * push;
        dy[index] += oy * push;
      } else {
        var first = tree.firstChild[square];
        pending.push(first, first + 1, first + 2, first + 3);
      }
    }
  }

  function layoutStep() {
    buildTree();
    var index;
    for (index = 0; index < count; index++) {
      dx[index] = -xs[index] * GRAVITY;
      dy[index] = -ys[index] * GRAVITY;
      repel(index);
    }
    for (var m = 0; m < edges.length; m++) {
      var source = edges[m][0];
      var target = edges[m][1];
      var ex = xs[source] - xs[target];
      var ey = ys[source] - ys[target];
      var pull = Math.sqrt(ex * ex + ey * ey) / IDEAL_LENGTH;
      dx[source] -= ex * pull;
      dy[source] -= ey * pull;
      dx[target] += ex * pull;
      dy[target] += ey * pull;
    }
    for (index = 0; index < count; index++) {
      var length = Math.sqrt(dx[index] * dx[index] + dy[index] * dy[index]) || 1;
      var step = Math.min(length, temperature);
      xs[index] += (dx[index] / length) * step;
      ys[index] += (dy[index] / length) * step;
    }
    temperature = Math.max(temperature * COOLING, 0.5);
    iteration += 1;
  }

  function runLayout() {
    var started = performance.now();
    while (iteration < ITERATIONS && performance.now() - started < CHUNK_MILLISECONDS) layoutStep();
    var finished = iteration >= ITERATIONS;
    if (finished || performance.now() - lastDrawn > REDRAW_MILLISECONDS) {
      fitView();
      draw();
      lastDrawn = performance.now();
    }
    if (finished) {
      canvas.dataset.layout = "done";
    } else {
      setTimeout(runLayout, 0);
    }
  }

  // ---- drawing ----

  function resize() {
    var ratio = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, Math.round(canvas.clientWidth * ratio));
    canvas.height = Math.max(1, Math.round(canvas.clientHeight * ratio));
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
  }

  function fitView() {
    if (!count) return;
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (var index = 0; index < count; index++) {
      minX = Math.min(minX, xs[index]);
      maxX = Math.max(maxX, xs[index]);
      minY = Math.min(minY, ys[index]);
      maxY = Math.max(maxY, ys[index]);
    }
    view.x = (minX + maxX) / 2;
    view.y = (minY + maxY) / 2;
    view.scale = Math.min(canvas.clientWidth / (maxX - minX + 80), canvas.clientHeight / (maxY - minY + 80), 4);
  }

  function screenX(index) {
    return (xs[index] - view.x) * view.scale + canvas.clientWidth / 2;
  }

  function screenY(index) {
    return (ys[index] - view.y) * view.scale + canvas.clientHeight / 2;
  }

  function screenRadius(index) {
    return radius(nodes[index]) * Math.max(view.scale, 0.4);
  }

  function toWorld(x, y) {
    return [
      (x - canvas.clientWidth / 2) / view.scale + view.x,
      (y - canvas.clientHeight / 2) / view.scale + view.y,
    ];
  }

  function named(index) {
    return index === selected || index === hovered || (matches !== null && matches.has(index));
  }

  function drawEdges(highlighted) {
    // BROADER (the concept hierarchy) in the concept colour, everything else grey
    [false, true].forEach(function (hierarchy) {
      context.beginPath();
      edges.forEach(function (edge) {
        var near = selected === edge[0] || selected === edge[1];
        if ((edge[2] === "BROADER") !== hierarchy) return;
        if (near !== highlighted || !visible(edge[0]) || !visible(edge[1])) return;
        context.moveTo(screenX(edge[0]), screenY(edge[0]));
        context.lineTo(screenX(edge[1]), screenY(edge[1]));
      });
      context.lineWidth = highlighted ? 1.5 : 1;
      if (hierarchy) {
        context.strokeStyle = highlighted ? "rgba(196, 106, 19, 0.9)" : "rgba(245, 133, 24, 0.45)";
      } else {
        context.strokeStyle = highlighted ? "rgba(30, 30, 30, 0.8)" : "rgba(120, 120, 120, 0.25)";
      }
      context.stroke();
    });
  }

  function draw() {
    var width = canvas.clientWidth;
    var height = canvas.clientHeight;
    context.clearRect(0, 0, width, height);
    drawEdges(false);
    drawEdges(true);
    var drawn = 0;
    var names = [];
    var largest = [];
    for (var index = 0; index < count; index++) {
      if (!visible(index)) continue;
      var x = screenX(index);
      var y = screenY(index);
      var size = screenRadius(index);
      if (x < -size || y < -size || x > width + size || y > height + size) continue;
      context.globalAlpha = matches === null || named(index) ? 1 : 0.15;
      context.fillStyle = data.colours[nodes[index].label] || "#888";
      context.beginPath();
      context.arc(x, y, size, 0, 2 * Math.PI);
      context.fill();
      if (named(index)) {
        context.lineWidth = 2;
        context.strokeStyle = "#111";
        context.stroke();
      }
      if (named(index)) names.push(index);
      else if (size >= NAMED_RADIUS || count <= ALL_NAMES_UP_TO) largest.push(index);
      drawn += 1;
    }
    largest.sort(function (a, b) { return nodes[b].degree - nodes[a].degree; });
    names = names.concat(largest.slice(0, MOST_NAMES));
    context.globalAlpha = 1;
    context.font = "12px system-ui, sans-serif";
    context.fillStyle = "#111";
    names.forEach(function (index) {
      var limit = named(index) ? 80 : 30;
      var name = nodes[index].name;
      context.fillText(name.length > limit ? name.slice(0, limit) + "\u2026" : name, screenX(index) + screenRadius(index) + 3, screenY(index) + 4);
    });
    canvas.dataset.nodeCount = String(drawn);
  }

  // ---- legend, search, details ----

  function buildLegend() {
    var legend = document.getElementById("legend");
    var counts = {};
    nodes.forEach(function (node) { counts[node.label] = (counts[node.label] || 0) + 1; });
    Object.keys(data.colours).forEach(function (label) {
      var item = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = data.colours[label];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(label + " (" + (counts[label] || 0) + ")"));
      item.dataset.label = label;
      item.addEventListener("click", function () {
        hiddenLabels[label] = !hiddenLabels[label];
        item.classList.toggle("off", hiddenLabels[label]);
        draw();
      });
      legend.appendChild(item);
    });
  }

  function runSearch() {
    var query = search.value.trim().toLowerCase();
    var counter = document.getElementById("match-count");
    if (!query) {
      matches = null;
      counter.textContent = "";
    } else {
      matches = new Set();
      nodes.forEach(function (node, index) {
        var names = [node.name].concat(node.properties.aliases || []);
        if (names.some(function (name) { return name.toLowerCase().indexOf(query) !== -1; })) matches.add(index);
      });
      counter.textContent = matches.size + (matches.size === 1 ? " match" : " matches");
    }
    draw();
  }

  function showValue(value) {
    if (Array.isArray(value)) return value.join(", ");
    return typeof value === "string" ? value : JSON.stringify(value);
  }

  function select(index) {
    selected = index;
    var panel = document.getElementById("details");
    if (index < 0) {
      panel.hidden = true;
      draw();
      return;
    }
    var node = nodes[index];
    document.getElementById("details-label").textContent = node.label;
    document.getElementById("details-name").textContent = node.name;
    var properties = document.getElementById("details-properties");
    properties.replaceChildren();
    Object.keys(node.properties).sort().forEach(function (name) {
      var term = document.createElement("dt");
      var value = document.createElement("dd");
      term.textContent = name;
      value.textContent = showValue(node.properties[name]);
      properties.append(term, value);
    });
    var list = document.getElementById("details-links");
    list.replaceChildren();
    links[index].forEach(function (link) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = (link.outgoing ? link.type + " \u2192 " : "\u2190 " + link.type + " ") + nodes[link.node].name;
      button.addEventListener("click", function () { focus(link.node); });
      item.appendChild(button);
      if (link.properties.evidence) {
        var evidence = document.createElement("span");
        evidence.className = "evidence";
        evidence.textContent = link.properties.evidence;
        item.appendChild(evidence);
      }
      list.appendChild(item);
    });
    panel.hidden = false;
    draw();
  }

  function focus(index) {
    view.x = xs[index];
    view.y = ys[index];
    select(index);
  }

  function nodeAt(x, y) {
    var best = -1;
    var bestDistance = Infinity;
    for (var index = 0; index < count; index++) {
      if (!visible(index)) continue;
      var distance = Math.hypot(screenX(index) - x, screenY(index) - y);
      if (distance <= screenRadius(index) + 3 && distance < bestDistance) {
        best = index;
        bestDistance = distance;
      }
    }
    return best;
  }

  // ---- interaction ----

  var drag = null;

  canvas.addEventListener("mousedown", function (event) {
    drag = { x: event.offsetX, y: event.offsetY, moved: false };
    canvas.classList.add("dragging");
  });
  window.addEventListener("mouseup", function (event) {
    if (drag && !drag.moved && event.target === canvas) select(nodeAt(event.offsetX, event.offsetY));
    drag = null;
    canvas.classList.remove("dragging");
  });
  canvas.addEventListener("mousemove", function (event) {
    if (drag) {
      var shiftX = event.offsetX - drag.x;
      var shiftY = event.offsetY - drag.y;
      if (Math.abs(shiftX) + Math.abs(shiftY) > 2) drag.moved = true;
      view.x -= shiftX / view.scale;
      view.y -= shiftY / view.scale;
      drag.x = event.offsetX;
      drag.y = event.offsetY;
      draw();
      return;
    }
    var index = nodeAt(event.offsetX, event.offsetY);
    if (index !== hovered) {
      hovered = index;
      draw();
    }
    tooltip.hidden = index < 0;
    if (index >= 0) {
      tooltip.textContent = nodes[index].label + ": " + nodes[index].name;
      tooltip.style.left = event.offsetX + 14 + "px";
      tooltip.style.top = event.offsetY + 14 + "px";
    }
  });
  canvas.addEventListener("wheel", function (event) {
    event.preventDefault();
    var before = toWorld(event.offsetX, event.offsetY);
    view.scale *= Math.exp(-event.deltaY * 0.0015);
    var after = toWorld(event.offsetX, event.offsetY);
    view.x += before[0] - after[0];
    view.y += before[1] - after[1];
    draw();
  }, { passive: false });
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && matches !== null && matches.size) focus(matches.values().next().value);
  });
  document.getElementById("close").addEventListener("click", function () { select(-1); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") select(-1);
  });
  window.addEventListener("resize", function () {
    resize();
    draw();
  });

  buildLegend();
  resize();
  runLayout();
})();
