/** 0x ships no types: the one call the bench makes of it (render a .cpuprofile as a flame graph). */
declare module '0x' {
  interface VisualizeCpuProfile {
    visualizeCpuProfile: string;
    /** File name (without .html) of the flame graph, written beside the profile. */
    name: string;
    title: string;
    workingDir: string;
  }
  /** Resolves to the flame graph's file:// URL. */
  function zeroEks(options: VisualizeCpuProfile): Promise<string>;
  export = zeroEks;
}
