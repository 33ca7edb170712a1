// Test helpers shared by the appliance, desktop and e2e tests. They start the product's entry
// points as processes and speak to them over HTTP; they import no appliance or desktop source
// (.dependency-cruiser.cjs enforces it), so each side's tests stay on their side of the graph.
export * from './appliance.js';
export * from './desktop-host.js';
export * from './files.js';
export * from './http.js';
export * from './media.js';
export * from './ports.js';
export * from './processes.js';
export * from './raw-http.js';
export * from './repo.js';
export * from './tus.js';
