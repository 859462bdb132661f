export {
  Quantity, QuantityError, parseQuantity, isQuantity, toMillicores, toBytes, formatMillicores, formatBytes,
  QUANTITY_REGEX, ERR_FORMAT_WRONG, ERR_SUFFIX, type QuantityFormat,
} from './quantity';
export {
  podRequests, containerRequests, toAmounts, amountOf, CPU, MEMORY, PODS,
  type ContainerLike, type PodSpecLike, type ResourceAmounts, type ResourceListLike, type QuantityValue,
} from './pod-requests';
