package io.gradiente.jobs;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.ClassType;
import com.sun.jdi.IntegerValue;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stalls one task of a training run from outside: the JVM that runs the task (the driver in local mode, an executor
 * on a cluster) starts with {@link #AGENT} and waits for a debugger; {@link #attach} sets a breakpoint on
 * {@code SgdKernel.compute}, and the first call for partition {@code P} at the round that starts at global step
 * {@code S} (steps counted from 0 over the whole run) in the task's first attempt and the first stage that serves the
 * round is held there: its thread sleeps, interruptibly, for at most 600 s, as a task blocked on I/O would, and then
 * computes its round (its interrupt flag set again when interrupted). Every other call goes on at once. The code
 * under test is the shipped code, untouched; only the JVM options differ.
 */
public final class TaskStall implements AutoCloseable {
  /** The JVM option: a debugger agent on a free port of 127.0.0.1, the JVM held until a debugger attaches. */
  public static final String AGENT = "-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=127.0.0.1:0";
  private static final Pattern LISTENING = Pattern.compile("Listening for transport dt_socket at address: (\\d+)");
  private static final String KERNEL = "io.gradiente.core.train.SgdKernel";
  private static final long SLEEP_MILLIS = 600_000;
  /**
   * Invocations run in the held thread alone: by default JDI resumes every thread for an invocation and suspends
   * them all when it returns, which would freeze the whole JVM (an executor would miss its heartbeats).
   */
  private static final int SINGLE_THREADED = ObjectReference.INVOKE_SINGLE_THREADED;

  private final VirtualMachine vm;
  private final long step;
  private final int partition;
  private final AtomicBoolean stalled = new AtomicBoolean();
  private int stepsPerEpoch = -1;

  private TaskStall(VirtualMachine vm, long step, int partition) {
    this.vm = vm;
    this.step = step;
    this.partition = partition;
  }

  /** The debugger port that a JVM started with {@link #AGENT} printed to its output, or -1 before it has. */
  public static int port(String output) {
    Matcher m = LISTENING.matcher(output);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  /**
   * Waits (at most a minute) until a JVM started with {@link #AGENT} has printed its debugger port to
   * {@code output}, and returns it.
   *
   * @param alive whether the JVM still runs
   */
  public static int awaitPort(Supplier<String> output, BooleanSupplier alive) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    int port;
    while ((port = port(output.get())) < 0) {
      if (!alive.getAsBoolean() || System.nanoTime() > deadline) {
        throw new AssertionError("no debugger port from the JVM:\n" + output.get());
      }
      Thread.sleep(10);
    }
    return port;
  }

  /**
   * Attaches to the JVM waiting on {@code port}, arms the stall of partition {@code partition} at global step
   * {@code step}, and lets the JVM run.
   */
  public static TaskStall attach(int port, long step, int partition) throws IOException {
    AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors().stream()
        .filter(c -> c.transport().name().equals("dt_socket")).findFirst().orElseThrow();
    Map<String, Connector.Argument> args = socket.defaultArguments();
    args.get("hostname").setValue("127.0.0.1");
    args.get("port").setValue(Integer.toString(port));
    VirtualMachine vm;
    try {
      vm = socket.attach(args);
    } catch (com.sun.jdi.connect.IllegalConnectorArgumentsException e) {
      throw new IllegalArgumentException(e);
    }
    TaskStall stall = new TaskStall(vm, step, partition);
    ClassPrepareRequest prepare = vm.eventRequestManager().createClassPrepareRequest();
    prepare.addClassFilter(KERNEL);
    prepare.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
    prepare.enable();
    for (ReferenceType loaded : vm.classesByName(KERNEL)) {
      stall.breakOn(loaded);
    }
    Thread events = new Thread(stall::handleEvents, "task-stall-" + port);
    events.setDaemon(true);
    events.start();
    vm.resume();
    return stall;
  }

  /** Whether the task is held now (or was, until interrupted). */
  public boolean stalled() {
    return stalled.get();
  }

  private void breakOn(ReferenceType kernel) {
    Method compute = kernel.methodsByName("compute").get(0);
    BreakpointRequest at = vm.eventRequestManager().createBreakpointRequest(compute.location());
    at.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
    at.enable();
  }

  private void handleEvents() {
    try {
      while (true) {
        EventSet set = vm.eventQueue().remove();
        boolean hold = false;
        for (Event e : set) {
          if (e instanceof ClassPrepareEvent prepared) {
            breakOn(prepared.referenceType());
          } else if (e instanceof BreakpointEvent hit && isTarget(hit)) {
            vm.eventRequestManager().deleteEventRequest(hit.request());
            hold = true;
            Thread sleeper = new Thread(() -> sleepIn(hit.thread(), set), "task-stall-sleep");
            sleeper.setDaemon(true);
            sleeper.start();
          }
        }
        if (!hold) {
          set.resume();
        }
      }
    } catch (InterruptedException | VMDisconnectedException e) {
      // the JVM ended or the stall was closed
    }
  }

  /** Whether the breakpoint stopped the call this stall waits for (a call it cannot read goes on, reported). */
  private boolean isTarget(BreakpointEvent hit) {
    try {
      StackFrame frame = hit.thread().frame(0);
      List<Value> args = frame.getArgumentValues();
      ObjectReference round = (ObjectReference) args.get(2);
      int epoch = intField(round, "epoch");
      int first = intField(round, "first");
      ThreadReference thread = hit.thread();
      if (stepsPerEpoch < 0) {
        stepsPerEpoch = ((IntegerValue) call(thread, frame.thisObject(), "stepsPerEpoch")).value();
      }
      if (((IntegerValue) args.get(0)).value() != partition || intField(round, "attempt") != 0
          || (long) epoch * stepsPerEpoch + first != step) {
        return false;
      }
      ClassType tasks = (ClassType) vm.classesByName("org.apache.spark.TaskContext").get(0);
      ObjectReference task = (ObjectReference) tasks.invokeMethod(thread,
          tasks.concreteMethodByName("get", "()Lorg/apache/spark/TaskContext;"), List.of(), SINGLE_THREADED);
      return task != null && ((IntegerValue) call(thread, task, "attemptNumber")).value() == 0;
    } catch (VMDisconnectedException e) {
      throw e;
    } catch (Exception e) {
      System.err.println("task stall: cannot read the round at the breakpoint: " + e);
      return false;
    }
  }

  /** Calls method {@code name} without arguments on {@code target} in the held thread, the others running on. */
  private static Value call(ThreadReference thread, ObjectReference target, String name) throws Exception {
    Method method = target.referenceType().methodsByName(name).get(0);
    return target.invokeMethod(thread, method, List.of(), SINGLE_THREADED);
  }

  private static int intField(ObjectReference record, String name) {
    return ((IntegerValue) record.getValue(record.referenceType().fieldByName(name))).value();
  }

  /** Makes the held thread sleep; when it is interrupted, sets its interrupt flag again, as a task's wait would. */
  private void sleepIn(ThreadReference thread, EventSet held) {
    stalled.set(true);
    try {
      ClassType threads = (ClassType) vm.classesByName("java.lang.Thread").get(0);
      Method sleep = threads.concreteMethodByName("sleep", "(J)V");
      try {
        threads.invokeMethod(thread, sleep, List.of(vm.mirrorOf(SLEEP_MILLIS)), SINGLE_THREADED);
      } catch (com.sun.jdi.InvocationException interrupted) {
        thread.invokeMethod(thread, threads.concreteMethodByName("interrupt", "()V"), List.of(), SINGLE_THREADED);
      }
      held.resume();
    } catch (VMDisconnectedException e) {
      // the JVM was killed while its task stalled
    } catch (Exception e) {
      throw new IllegalStateException("cannot stall the task", e);
    }
  }

  /** Lets the JVM go on without the debugger (a stalled task is released). */
  @Override
  public void close() {
    try {
      vm.dispose();
    } catch (VMDisconnectedException e) {
      // already gone
    }
  }
}
