// Two ECharts installers imported by file (see charts.ts): ECharts ships no types beside them.
declare module 'echarts/lib/coord/cartesian/legacyContainLabel.js' {
  export function installLegacyGridContainLabel(registers: unknown): void;
}
declare module 'echarts/lib/renderer/installSVGRenderer.js' {
  export function install(registers: unknown): void;
}
