@NullMarked
package dev.pipeline.aggregator.alert;

import org.jspecify.annotations.NullMarked;
