/**
 * The tutorial's log format for slf4j, {@code ClassName.process-name - LEVEL - message}: a binding of its own
 * ({@link io.tandem.logging.TutorialLogProvider}), configured with slf4j-simple's property names. A program
 * chooses it by depending on {@code io.tandem:tandem-logging}; Tandem's libraries depend on slf4j-api only.
 */
package io.tandem.logging;
