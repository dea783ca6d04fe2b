// The blast radius as an interactive graph (Cytoscape.js, served from its WebJar). Arrows point the way impact
// flows: A → B means B depends on A. Impacted components are coloured by severity and shaped by role (so colour is
// never the only cue); the explanation path of the selected component is drawn thick and the rest faded.
// Labels are drawn on a canvas by Cytoscape, never parsed as HTML.

import cytoscape from './lib/cytoscape.esm.min.mjs';

export const COLOURS = {
  'data-loss': '#7a0019', outage: '#c62828', overloaded: '#e65100', degraded: '#ef6c00',
  'reduced-redundancy': '#f9a825', 'at-risk': '#fdd835', delayed: '#90caf9', none: '#cfd8dc',
};

const style = [
  { selector: 'node', style: {
    label: 'data(id)', 'font-size': 11, 'text-valign': 'bottom', 'text-margin-y': 4, color: '#1a1a1a',
    'text-background-color': '#ffffff', 'text-background-opacity': 0.85, 'text-background-padding': 2,
    'background-color': ele => COLOURS[ele.data('severity')] || COLOURS.none,
    'border-width': 1, 'border-color': '#37474f', width: 26, height: 26 } },
  { selector: 'node[role = "changed"]', style: { shape: 'star', width: 36, height: 36, 'border-width': 3 } },
  { selector: 'node[role = "impacted"]', style: { shape: 'round-rectangle' } },
  { selector: 'node[role = "neighbour"]', style: { shape: 'ellipse', opacity: 0.7, width: 18, height: 18 } },
  { selector: 'edge', style: {
    width: 1.5, 'line-color': '#90a4ae', 'target-arrow-color': '#90a4ae', 'target-arrow-shape': 'triangle',
    'curve-style': 'bezier' } },
  { selector: 'edge[type = "soft"]', style: { 'line-style': 'dashed' } },
  { selector: 'edge[type = "async"]', style: { 'line-style': 'dotted' } },
  { selector: 'edge[?onPath]', style: { width: 2.5, 'line-color': '#546e7a', 'target-arrow-color': '#546e7a' } },
  { selector: '.faded', style: { opacity: 0.35 } },
  { selector: 'edge.path', style: { width: 5, 'line-color': '#0d47a1', 'target-arrow-color': '#0d47a1', opacity: 1 } },
  { selector: 'node.path', style: { 'border-width': 4, 'border-color': '#0d47a1', opacity: 1 } },
  { selector: 'node:selected', style: { 'overlay-color': '#0d47a1', 'overlay-opacity': 0.15 } },
];

/**
 * Draws graph (the API's BlastGraph) into container. onSelect(node) is called with the API node when one is
 * clicked. Returns {highlight(id), zoomToImpacted(), fitAll(), destroy(), count}.
 */
export function drawGraph(container, graph, onSelect) {
  const elements = [];
  for (const n of graph.nodes) {
    elements.push({ data: { id: n.id, role: n.role, severity: n.severity || 'none' } });
  }
  for (const e of graph.edges) {
    // the API gives dependent → dependency; impact flows the other way
    elements.push({ data: { id: 'e:' + e.id, source: e.target, target: e.source, type: e.type, onPath: !!e.onPath } });
  }
  const roots = graph.nodes.filter(n => n.role === 'changed').map(n => n.id);
  const cy = cytoscape({
    container, elements, style,
    layout: { name: 'breadthfirst', directed: true, roots: roots.length ? roots : undefined, spacingFactor: 1.2, padding: 20 },
    minZoom: 0.1, maxZoom: 3, wheelSensitivity: 0.3,
  });
  const byId = new Map(graph.nodes.map(n => [n.id, n]));
  const highlight = id => {
    cy.elements().removeClass('path faded');
    const n = byId.get(id);
    if (!n) return;
    const path = n.path && n.path.length ? n.path : [id];
    cy.elements().addClass('faded');
    for (let i = 0; i < path.length; i++) {
      cy.getElementById(path[i]).removeClass('faded').addClass('path');
      if (i + 1 < path.length) {
        cy.edges().filter(e => e.source().id() === path[i] && e.target().id() === path[i + 1])
          .removeClass('faded').addClass('path');
      }
    }
    cy.getElementById(id).select();
  };
  cy.on('tap', 'node', ev => {
    const id = ev.target.id();
    highlight(id);
    if (onSelect) onSelect(byId.get(id));
  });
  const impacted = () => cy.nodes().filter(n => n.data('role') !== 'neighbour');
  return {
    cy,
    count: cy.nodes().length,
    highlight,
    zoomToImpacted: () => cy.fit(impacted(), 30),
    fitAll: () => cy.fit(undefined, 20),
    clear: () => cy.elements().removeClass('path faded'),
    destroy: () => cy.destroy(),
  };
}
