// Jest global setup: the tests that serve /chat/widget.js read the bundle from dist/web/, so
// it is rebuilt from web/widget/ once per run (esbuild: a fraction of a second).
const { buildWidget } = require('../../web/build.js');

module.exports = async function buildWidgetOnce() {
  await buildWidget();
};
