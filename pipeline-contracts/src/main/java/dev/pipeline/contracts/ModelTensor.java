package dev.pipeline.contracts;

import java.util.List;

/**
 * One input or output tensor of a model, as a model repository's {@code config.json}
 * declares it and the Open Inference Protocol's model metadata shows it (its
 * {@code metadata_tensor}).
 *
 * @param name the tensor's name: for an output, the field of each instance's output
 * object that holds its value (or the whole output when the model has one output that is
 * not an object)
 * @param datatype a tensor data type of the protocol: {@code BYTES}, {@code FP32},
 * {@code FP64}, {@code BOOL}, {@code INT64}, …
 * @param shape the dimensions of one request's tensor, the batch of instances first;
 * {@code -1} for a dimension of variable size
 */
public record ModelTensor(String name, String datatype, List<Long> shape) {

	public ModelTensor {
		shape = (shape == null) ? List.of() : List.copyOf(shape);
	}

}
