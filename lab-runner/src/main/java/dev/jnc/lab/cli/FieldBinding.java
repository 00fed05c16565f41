package dev.jnc.lab.cli;

import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * One field of a command or of its option holders, read and written by picocli through lambdas
 * instead of reflection (see {@link LabCommandModel}).
 */
record FieldBinding<V>(Supplier<V> read, Consumer<V> write) implements IGetter, ISetter {

  /** An option stored in this field, whose value before parsing is the field's initial value. */
  OptionSpec.Builder option(String... names) {
    return OptionSpec.builder(names).getter(this).setter(this).initialValue(read.get());
  }

  /** A flag: an option that takes no value. */
  OptionSpec.Builder flag(String name) {
    return option(name).type(boolean.class).arity("0");
  }

  /** A positional parameter stored in this field. */
  PositionalParamSpec.Builder positional() {
    return PositionalParamSpec.builder().getter(this).setter(this).initialValue(read.get());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get() {
    return (T) read.get();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T set(T value) {
    T previous = get();
    write.accept((V) value);
    return previous;
  }
}
