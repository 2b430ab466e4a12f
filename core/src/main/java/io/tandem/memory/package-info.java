/**
 * Shared arrays: named, typed, shaped arrays of numbers in memory-mapped files on tmpfs
 * ({@code <session>/arrays/<name>}), seen by a frontend and its backends without copying.
 *
 * <ul>
 *   <li>{@link io.tandem.memory.SharedArray} — the accessors: element access by flat index or multi-index
 *       ({@code getDouble(a.index(i, j, k))}), ordered and atomic accessors, fills, raw Chronicle
 *       {@code BytesStore}/{@code Bytes} views; and one-line entry points to open an array ({@code create},
 *       {@code attach}, {@code createOrAttach}).</li>
 *   <li>{@link io.tandem.memory.SharedArrayBuilder} — the factory: create (server, owns the file), attach (client,
 *       type and shape checked, optionally waiting), create-or-attach, and the wire form an array ships in.</li>
 *   <li>{@link io.tandem.memory.ArrayCopies} — bulk copies to and from Java arrays and NIO buffers
 *       ({@code a.copies()}).</li>
 *   <li>{@link io.tandem.memory.ElementType} — byte, short, int, long, float, double, and NumPy's uint8, uint16,
 *       uint32, bool and float16 (widened or converted on access).</li>
 *   <li>{@link io.tandem.memory.SharedArrayDescriptor} — the file layout, for readers in any language.</li>
 * </ul>
 *
 * <pre>{@code
 * // frontend (server)                                        // backend (client), told name, type, shape
 * SharedArray a = SharedArray.create("m", DOUBLE, 100, 100);  SharedArray a = SharedArray.attach("m", DOUBLE, 100, 100);
 * a.fillDouble(1.0);                                          double x = a.getDouble(3, 4);    // 1.0
 * p.backend(Work.class).scale("m", 3.0);  // command ───────▶ a.setDouble(3, 4, x * 3.0);
 * p.receive(timeout);                     // reply ◀───────── sendOut(new MessageObject("scaled"));
 * a.getDouble(3, 4);                      // 3.0
 * }</pre>
 *
 * <h2>Ordering guarantee</h2>
 * Element accessors, bulk copies and fills are plain memory operations: the hardware and the JIT may reorder
 * them and they publish nothing by themselves. A process may rely on seeing another's writes after a
 * <em>synchronising event</em> that the writer performed after writing and the reader observed before reading:
 * <ol>
 *   <li>a command or reply through a Tandem queue: Chronicle Queue publishes a message with a release store of
 *       its header and a reader finds it with an acquire load, so everything the sender wrote before sending is
 *       visible to the receiver once it has read the message (in the command handler, after {@code receive} or
 *       a call's return);</li>
 *   <li>an {@code EventGroup}/{@code SyncIndex} set (release) seen by a waiter (acquire);</li>
 *   <li>this package's own ordered accessors: {@code setLongRelease}/{@code setIntRelease}/{@code setDoubleRelease}
 *       read by {@code getLongVolatile}/{@code getIntVolatile}/{@code getDoubleVolatile} that return the value
 *       stored; {@code compareAndSetLong}/{@code getAndAddLong} (and the int forms) are atomic across processes and
 *       act as full fences — use them for flags, counters and sequence numbers inside an array.</li>
 * </ol>
 * Without such an event a reader may see none, some or all of the writes, in any order. Elements are naturally
 * aligned (the data starts on a 4096-byte boundary), so a volatile or atomic access of an element is never torn.
 *
 * <h2>Files and failures</h2>
 * Files are mode 0600 in the 0700 session directory. A new array's pages are allocated when it is created,
 * so a full tmpfs is a {@link io.tandem.failure.RuntimeDirectoryException} naming the path, never a SIGBUS
 * later. A name already in use fails creation (or attaches, for {@code createOrAttach}); an array whose creator
 * died is removed and made again. A missing array, another type or shape, or a damaged file are exceptions that
 * name the path and say what was expected and found.
 */
package io.tandem.memory;
