/**
 * A test kit for analysis plugins, as JUnit publishes its engine test kit: run a plugin outside the container, on the
 * real CPU kernels, and check what it returns and how it behaves.
 *
 * <ul>
 *   <li>{@link org.zfnet.testkit.TestContext}: the {@link org.zfnet.api.analysis.AnalysisContext} a plugin runs in,
 *       which cancels on cue, keeps checkpoints in a folder, records progress ({@link org.zfnet.testkit.ProgressLog})
 *       and reaches other plugins registered with it;</li>
 *   <li>{@link org.zfnet.testkit.TestNetworks}: small ready networks, zfnet-mini, and networks of any spec, built by
 *       the model bundle's {@link org.zfnet.api.model.NetworkFactory};</li>
 *   <li>{@link org.zfnet.testkit.TestInputs}: random batches and procedural sample images with annotations;</li>
 *   <li>{@link org.zfnet.testkit.DemoRuns}: the plugin's {@code zfnet demo} runs, checked as the container checks
 *       them.</li>
 * </ul>
 *
 * <p>A plugin's tests depend on {@code org.zfnet.api} and this package only; the jar {@code zfnet-plugin-testkit}
 * (test scope) brings the model, the CPU backend and ND4J's natives with it. It is not a bundle and is not part of
 * the distribution.
 */
package org.zfnet.testkit;
